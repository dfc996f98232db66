import { existsSync, readdirSync, readFileSync } from 'node:fs'

export interface ProcessInfo {
  pid: number
  ppid: number
  pgid: number
  /** One letter from /proc/<pid>/stat: R, S, D, Z (zombie), T… */
  state: string
  /** Clock ticks after boot: with the pid, it names one process even when pids are reused. */
  startTime: number
  command: string
  /** CPU time used so far, user and system, in clock ticks. */
  cpuTicks: number
  /** Resident memory, in pages. */
  rssPages: number
}

/**
 * What the engine needs to know about the machine's processes. Linux answers from /proc,
 * which is exact and cheap; elsewhere only liveness by signal 0 is available.
 */
export interface ProcessTable {
  /** Every process now, or undefined where the platform cannot list them. */
  list(): ProcessInfo[] | undefined
  read(pid: number): ProcessInfo | undefined
  /** Alive and not a zombie; with a start time, also the same process as recorded. */
  isAlive(pid: number, startTime?: number): boolean
}

export const PROC_AVAILABLE = existsSync('/proc/self/stat')

/** Parses /proc/<pid>/stat; the command may hold spaces and parentheses, so split after its last ")". */
export function parseStat(text: string): ProcessInfo | undefined {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return undefined
  const fields = text.slice(close + 2).split(' ')
  const state = fields[0]
  if (state === undefined || fields.length < 20) return undefined
  return {
    pid: Number(text.slice(0, open).trim()),
    command: text.slice(open + 1, close),
    state,
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: Number(fields[19]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssPages: Number(fields[21]),
  }
}

function readStat(pid: number): ProcessInfo | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'))
  } catch {
    return undefined
  }
}

/**
 * An orphaned grandchild stays a zombie until init reaps it, and `kill(pid, 0)` still succeeds
 * on a zombie: only /proc tells dead from alive.
 */
export const procTable: ProcessTable = {
  list() {
    const processes: ProcessInfo[] = []
    for (const entry of readdirSync('/proc')) {
      const first = entry.charCodeAt(0)
      if (first < 48 || first > 57) continue
      const info = readStat(Number(entry))
      if (info) processes.push(info)
    }
    return processes
  },
  read: readStat,
  isAlive(pid, startTime) {
    const info = readStat(pid)
    if (!info || info.state === 'Z' || info.state === 'X') return false
    return startTime === undefined || info.startTime === startTime
  },
}

export const signalOnlyTable: ProcessTable = {
  list: () => undefined,
  read: () => undefined,
  isAlive(pid) {
    try {
      process.kill(pid, 0)
      return true
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM'
    }
  },
}

export const defaultProcessTable: ProcessTable = PROC_AVAILABLE ? procTable : signalOnlyTable

/** The full command line of a process, for telling a person who holds a port. */
export function commandLineOf(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    const line = raw.split('\0').filter(Boolean).join(' ')
    return line || readStat(pid)?.command
  } catch {
    return undefined
  }
}

/**
 * Every living process of a node's tree: its process group, plus descendants of the root that
 * left the group (setsid, or a process group of their own), found through parent links.
 */
export function processTree(
  table: ProcessTable,
  rootPid: number,
  pgid: number,
  /** A listing already read, to look up many trees from one pass over /proc. */
  all: ProcessInfo[] | undefined = table.list(),
): ProcessInfo[] {
  if (!all) return []
  const children = new Map<number, ProcessInfo[]>()
  for (const info of all) {
    const siblings = children.get(info.ppid)
    if (siblings) siblings.push(info)
    else children.set(info.ppid, [info])
  }
  const found = new Map<number, ProcessInfo>()
  const visit = (info: ProcessInfo) => {
    if (found.has(info.pid)) return
    found.set(info.pid, info)
    for (const child of children.get(info.pid) ?? []) visit(child)
  }
  for (const info of all) {
    if (info.pid === rootPid || info.pgid === pgid) visit(info)
  }
  return [...found.values()].filter((info) => info.state !== 'Z' && info.state !== 'X')
}
