import { type ChildProcess, spawn } from 'node:child_process'
import { type ProcessInfo, procTable } from './process-table'
import { engineMark } from './tree-marks'
import { TreeRecords } from './tree-records'

/** What the engine tells its watchdog; the node lifecycle and the manager call it. */
export interface WatchdogLink {
  /** The node's process group and every process of its tree now. */
  track(node: string, pgid: number, processes: ProcessInfo[]): void
  untrack(node: string): void
  /** Hears a sentence each time the watchdog had to be started again. */
  onRestarted?(listener: (message: string) => void): () => void
}

/** A watchdog that dies sooner than this after its start is started again only after it. */
const RESTART_PAUSE_MS = 1000
/** This many quick deaths in a row mean it cannot run here: the engine stops trying. */
const QUICK_DEATHS_TO_GIVE_UP = 3

/**
 * Starts the watchdog program (watchdog-program.ts, built to out/node/watchdog.mjs) for this engine: a separate small
 * process, in a group of its own, holding a pipe from us. If this process dies in any way, the
 * pipe closes and the watchdog stops every recorded node tree. `runAsNode` is for Electron,
 * whose binary runs plain Node scripts only with ELECTRON_RUN_AS_NODE.
 *
 * If the watchdog itself dies (killed by someone, out of memory), a new one is started at once
 * (at most once a second), handed every tree the engine knows, and whoever listens hears
 * about it. One that dies three times in a row within a second of starting cannot run here;
 * the engine stops trying and says so.
 */
export function startWatchdog(options: {
  script: string
  executable?: string
  runAsNode?: boolean
  killTimeoutMs?: number
  /** Where to keep this engine's trees on disk too, for the next engine's sweep. */
  recordsFolder?: string
}): WatchdogLink & {
  readonly process: ChildProcess
  close(): void
  onRestarted(listener: (message: string) => void): () => void
} {
  const self = procTable.read(process.pid)
  const trees = new Map<
    string,
    { pgid: number; processes: Array<{ pid: number; start: number }> }
  >()
  const listeners = new Set<(message: string) => void>()
  let closing = false
  let startedAt = 0
  let quickDeaths = 0

  const send = (target: ChildProcess, message: object) => {
    if (target.stdin?.writable) target.stdin.write(`${JSON.stringify(message)}\n`)
  }
  const launch = (): ChildProcess => {
    startedAt = Date.now()
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
    child.once('exit', (code, signal) => {
      if (closing) return
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`
      const pause = Math.max(0, startedAt + RESTART_PAUSE_MS - Date.now())
      quickDeaths = pause > 0 ? quickDeaths + 1 : 0
      if (quickDeaths >= QUICK_DEATHS_TO_GIVE_UP) {
        const message = `the watchdog cannot run (${options.script} ${how} ${quickDeaths} times within a second of starting); until Cluster Desk is started again, its nodes are not stopped if it is killed`
        for (const listener of listeners) listener(message)
        return
      }
      setTimeout(() => {
        if (closing) return
        current = launch()
        for (const [node, tree] of trees) send(current, { node, ...tree })
        const message = `the watchdog (pid ${child.pid}) ${how}; started a new one (pid ${current.pid}) and handed it ${trees.size} node tree${trees.size === 1 ? '' : 's'}`
        for (const listener of listeners) listener(message)
      }, pause).unref()
    })
    return child
  }
  let current = launch()

  const records =
    options.recordsFolder && self
      ? new TreeRecords(options.recordsFolder, { pid: process.pid, start: self.startTime })
      : undefined
  return {
    get process() {
      return current
    },
    track: (node, pgid, processes) => {
      const tree = { pgid, processes: processes.map((p) => ({ pid: p.pid, start: p.startTime })) }
      trees.set(node, tree)
      send(current, { node, ...tree })
      records?.set(node, pgid, processes)
    },
    untrack: (node) => {
      trees.delete(node)
      send(current, { node, gone: true })
      records?.delete(node)
    },
    onRestarted: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** A clean exit, every node stopped: nothing is left for a later sweep. */
    close: () => {
      closing = true
      records?.remove()
      current.stdin?.end()
    },
  }
}
