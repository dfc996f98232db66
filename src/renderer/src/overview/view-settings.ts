import { useState } from 'react'
import type { NodeSort, StateFilter } from './node-order'

/** How the window shows one cluster; remembered per cluster in this window's storage. */
export interface ViewSettings {
  view: 'cards' | 'table'
  sort: NodeSort
  state: StateFilter
  name: string
  /** The node whose log is shown; undefined for all nodes. */
  picked: string | undefined
  /** Nodes kept one click away beside "All nodes". */
  pinned: string[]
}

export const DEFAULT_VIEW: ViewSettings = {
  view: 'cards',
  sort: 'defined',
  state: 'all',
  name: '',
  picked: undefined,
  pinned: [],
}

const SORTS: NodeSort[] = ['problems', 'defined', 'name']
const STATES: StateFilter[] = ['all', 'problems', 'failed', 'running', 'stopped']

/** What storage holds, each field checked: anything else (edited, older, broken) is a default. */
export function readViewSettings(text: string | null): ViewSettings {
  let raw: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(text ?? '{}')
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>
  } catch {
    // A broken value is replaced by the next change.
  }
  const pick = <T>(value: unknown, allowed: readonly T[], fallback: T) =>
    allowed.includes(value as T) ? (value as T) : fallback
  return {
    view: pick(raw.view, ['cards', 'table'] as const, DEFAULT_VIEW.view),
    sort: pick(raw.sort, SORTS, DEFAULT_VIEW.sort),
    state: pick(raw.state, STATES, DEFAULT_VIEW.state),
    name: typeof raw.name === 'string' ? raw.name.slice(0, 200) : '',
    picked: typeof raw.picked === 'string' ? raw.picked : undefined,
    pinned: Array.isArray(raw.pinned)
      ? raw.pinned.filter((node): node is string => typeof node === 'string').slice(0, 8)
      : [],
  }
}

const keyOf = (cluster: string) => `cluster-desk.view.${cluster}`

function load(cluster: string): ViewSettings {
  try {
    return readViewSettings(localStorage.getItem(keyOf(cluster)))
  } catch {
    return DEFAULT_VIEW
  }
}

/** The view settings of `cluster`, and a way to change them (kept at once). */
export function useViewSettings(cluster: string) {
  const [held, setHeld] = useState({ cluster, settings: load(cluster) })
  const settings = held.cluster === cluster ? held.settings : load(cluster)
  const change = (update: Partial<ViewSettings>) => {
    const next = { ...settings, ...update }
    setHeld({ cluster, settings: next })
    try {
      localStorage.setItem(keyOf(cluster), JSON.stringify(next))
    } catch {
      // Storage full or refused: the view still changes, it is only not remembered.
    }
  }
  return [settings, change] as const
}
