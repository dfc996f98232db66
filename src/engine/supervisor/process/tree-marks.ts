import { readFileSync } from 'node:fs'
import type { ProcessInfo, ProcessTable } from './process-table'

/**
 * Every node process gets this variable, naming its engine process, the cluster manager in it,
 * the run that started it and its node (`<pid>.<start>:<manager>/<run>/<node>`), and passes it
 * on to everything it starts. A daemon started by a double fork has no parent link and no
 * process group leading back to its node, but it still carries the mark.
 */
export const TREE_MARK_VARIABLE = 'CLUSTER_DESK_TREE'

/** The engine process, as marks name it: pid and start time, never reused together. */
export const engineMark = (pid: number, startTime: number) => `${pid}.${startTime}`

/** One cluster manager of an engine: a process may hold several, with nodes of one name. */
export const ownerMark = (engine: string, manager: number) => `${engine}:${manager}`

export const treeMark = (owner: string, node: string, run: number) => `${owner}/${run}/${node}`

/**
 * Services of the machine that a node may start but never owns: the first Erlang node starts
 * epmd as a daemon (carrying the node's mark), and every other Erlang node of the user, inside
 * Cluster Desk or not, relies on it. No stop, watchdog or sweep ends them.
 */
const SHARED_SERVICES = new Set(['epmd'])
const isSharedService = (info: ProcessInfo) => SHARED_SERVICES.has(info.command)

export interface MarkedProcess {
  info: ProcessInfo
  node: string
  run: number
}

/**
 * The value of the mark in /proc/<pid>/environ, or null when it has none or cannot be read
 * (another user's processes cannot be read, so they never carry our mark).
 */
export function readMark(pid: number): string | null {
  let environ: string
  try {
    environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`
  } catch {
    return null
  }
  const key = `\0${TREE_MARK_VARIABLE}=`
  const at = environ.indexOf(key)
  if (at === -1) return null
  const end = environ.indexOf('\0', at + key.length)
  return environ.slice(at + key.length, end === -1 ? undefined : end)
}

/**
 * Finds one cluster manager's marked processes in a listing of /proc. A process's environment never
 * changes after it starts, so each one is read once, the first time it is seen.
 */
export class TreeMarks {
  private readonly seen = new Map<string, string | null>()

  constructor(
    private readonly owner: string,
    private readonly read: (pid: number) => string | null = readMark,
  ) {}

  find(all: ProcessInfo[]): MarkedProcess[] {
    const found: MarkedProcess[] = []
    const current = new Set<string>()
    for (const info of all) {
      if (info.state === 'Z' || info.state === 'X') continue // dead, waiting to be reaped
      if (isSharedService(info)) continue
      const key = `${info.pid}:${info.startTime}`
      current.add(key)
      let mark = this.seen.get(key)
      if (mark === undefined) {
        mark = this.read(info.pid)
        this.seen.set(key, mark)
      }
      const parsed = mark === null ? undefined : parseMark(mark)
      if (parsed?.owner === this.owner) found.push({ info, node: parsed.node, run: parsed.run })
    }
    for (const key of this.seen.keys()) if (!current.has(key)) this.seen.delete(key)
    return found
  }
}

function parseMark(mark: string) {
  const match = /^(([^/:]+):\d+)\/(\d+)\/(.+)$/.exec(mark)
  return match
    ? { owner: match[1]!, engine: match[2]!, run: Number(match[3]), node: match[4]! }
    : undefined
}

/** The engine a mark names (`<pid>.<start>`), or undefined for no mark or a foreign one. */
export function engineOfMark(mark: string | null): string | undefined {
  return mark === null ? undefined : parseMark(mark)?.engine
}

/**
 * Processes carrying the mark of any of `engines`, read from every process's environment once:
 * what those engines started, whether their records name it or not.
 */
export function processesMarkedBy(table: ProcessTable, engines: Set<string>): ProcessInfo[] {
  if (engines.size === 0) return []
  return (table.list() ?? []).filter((info) => {
    if (isSharedService(info)) return false
    const engine = engineOfMark(readMark(info.pid))
    return engine !== undefined && engines.has(engine)
  })
}
