import { type ChildProcess, spawn } from 'node:child_process'
import { type ProcessInfo, procTable } from './process-table'
import { engineMark } from './tree-marks'
import { TreeRecords } from './tree-records'

/** What the engine tells its watchdog; the node lifecycle and the manager call it. */
export interface WatchdogLink {
  /** The node's process group and every process of its tree now. */
  track(node: string, pgid: number, processes: ProcessInfo[]): void
  untrack(node: string): void
}

/**
 * Starts the watchdog program (resources/watchdog.mjs) for this engine: a separate small
 * process, in a group of its own, holding a pipe from us. If this process dies in any way, the
 * pipe closes and the watchdog stops every recorded node tree. `runAsNode` is for Electron,
 * whose binary runs plain Node scripts only with ELECTRON_RUN_AS_NODE.
 */
export function startWatchdog(options: {
  script: string
  executable?: string
  runAsNode?: boolean
  killTimeoutMs?: number
  /** Where to keep this engine's trees on disk too, for the next engine's sweep. */
  recordsFolder?: string
}): WatchdogLink & { process: ChildProcess; close(): void } {
  const self = procTable.read(process.pid)
  const child = spawn(options.executable ?? process.execPath, [options.script], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    env: {
      ...process.env,
      ...(options.runAsNode ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      // Short: the host is already gone, and its nodes must not outlive it by more than 2 s.
      KILL_TIMEOUT_MS: String(options.killTimeoutMs ?? 1000),
      // The mark this engine's node processes carry, as the ClusterManager computes it.
      TREE_MARK: engineMark(process.pid, self?.startTime ?? 0),
    },
  })
  child.unref()
  // The pipe must not keep this process alive, and a watchdog that is gone is not our crash.
  const stdin = child.stdin!
  ;(stdin as unknown as { unref?: () => void }).unref?.()
  stdin.on('error', () => {})
  const send = (message: object) => {
    if (stdin.writable) stdin.write(`${JSON.stringify(message)}\n`)
  }
  const records =
    options.recordsFolder && self
      ? new TreeRecords(options.recordsFolder, { pid: process.pid, start: self.startTime })
      : undefined
  return {
    process: child,
    track: (node, pgid, processes) => {
      send({ node, pgid, processes: processes.map((p) => ({ pid: p.pid, start: p.startTime })) })
      records?.set(node, pgid, processes)
    },
    untrack: (node) => {
      send({ node, gone: true })
      records?.delete(node)
    },
    /** A clean exit, every node stopped: nothing is left for a later sweep. */
    close: () => records?.remove(),
  }
}
