import { useEffect, useRef } from 'react'

export interface ShortcutActions {
  startCluster(): void
  stopCluster(): void
  focusSearch(): void
  /** 0 for all nodes, n for the n-th node. */
  showNode(index: number): void
}

/**
 * Ctrl/⌘+Shift+S starts the cluster, Ctrl/⌘+Shift+X stops it, Ctrl/⌘+F searches the log,
 * Alt+0 shows all nodes and Alt+1…9 the n-th node.
 */
export const SHORTCUTS = [
  ['Ctrl+Shift+S', 'start the cluster'],
  ['Ctrl+Shift+X', 'stop the cluster'],
  ['Ctrl+F', 'search the log'],
  ['Alt+0', 'all nodes'],
  ['Alt+1…9', 'the n-th node'],
] as const

export function useShortcuts(actions: ShortcutActions): void {
  // The latest actions, without re-binding the listener on every render.
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const actions = latest.current
      const command = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      if (command && event.shiftKey && key === 's') actions.startCluster()
      else if (command && event.shiftKey && key === 'x') actions.stopCluster()
      else if (command && !event.shiftKey && key === 'f') actions.focusSearch()
      else if (event.altKey && /^Digit[0-9]$/.test(event.code))
        actions.showNode(Number(event.code.slice(5)))
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
