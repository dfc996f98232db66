import { setTimeout as sleep } from 'node:timers/promises'
import { formatDuration } from '../../../shared/cluster/durations'
import type { NodeSpec } from '../../../shared/domain/node'
import { isPortOpen } from './port-check'
import type { PortOwner } from './port-owner'
import { type ProcessInfo, type ProcessTable, processTree } from './process-table'
import { sendSignal, stopProcessTree } from './stop-process-tree'
import type { MarkedProcess } from './tree-marks'
import type { WatchdogLink } from './watchdog'

/** After the tree is gone, how long the kernel may take to release the port. */
const PORT_RELEASE_MS = 1000

export interface TreeDependencies {
  processTable: ProcessTable
  findPortOwner: (port: number) => PortOwner | undefined
  /** Told about every process of the tree, so they die with the engine however it dies. */
  watchdog?: WatchdogLink
  /** Every living process that carries this node's mark, whatever launch started it. */
  markedTree: (node: string) => ProcessInfo[]
}

/** How a stop of the tree ended. */
export interface TreeStopOutcome {
  /** Processes still alive after SIGKILL. */
  survivors: ProcessInfo[]
  /** The port was still held after the tree was gone, and by whom if we may know. */
  portHeld: { owner: PortOwner | undefined } | undefined
  /** SIGKILL was needed: the stop signal was not obeyed within the kill timeout. */
  forced: boolean
}

/**
 * The processes of one node: its process group, plus every process its tree has had, with its
 * start time, so one that left the group (setsid) or lost its parent is still found and a
 * reused pid is never touched. It tells the watchdog about new processes, kills what a launch
 * left behind, and stops the whole tree, making sure the port is free afterwards.
 */
export class NodeTree {
  private readonly recorded = new Map<number, ProcessInfo>()
  /** The launch whose processes are the tree now, and its main process. */
  private live: { launch: number; pid: number } | undefined
  private stopping: Promise<unknown> | undefined

  constructor(
    private readonly spec: NodeSpec,
    private readonly deps: TreeDependencies,
    /** Writes one of the engine's own lines into the node's log. */
    private readonly say: (text: string) => void,
  ) {}

  /**
   * A launch's main process started. A process just spawned has no descendants yet: reading
   * its own entry is enough, where a whole refresh would read all of /proc on every restart.
   */
  adopt(launch: number, pid: number): void {
    this.live = { launch, pid }
    this.record(pid)
  }

  /**
   * The main process exited. Unless a stop owns the tree, what it left in its group dies with
   * it (a leftover server would hold the port and fail every restart), and so does what left
   * the group, found by its record.
   */
  mainExited(): void {
    const live = this.live
    this.live = undefined
    if (!live || this.stopping) return
    sendSignal(-live.pid, 'SIGKILL')
    for (const info of this.recorded.values()) {
      if (this.deps.processTable.isAlive(info.pid, info.startTime)) sendSignal(info.pid, 'SIGKILL')
    }
    this.forget()
  }

  /**
   * Records the processes of the live tree (the manager calls this periodically with one
   * listing of /proc for all nodes), tells the watchdog what is new, and kills marked
   * processes of launches that are over: a daemon its main process left behind, started too
   * late for the exit to find it.
   */
  refresh(all: ProcessInfo[] | undefined, marked: MarkedProcess[]): void {
    // A stop under way owns the whole tree and gives it the configured grace period.
    if (!this.stopping) this.killLeftovers(marked)
    const live = this.live
    if (!live) return
    const known = this.recorded.size
    for (const { info, run } of marked) if (run === live.launch) this.recorded.set(info.pid, info)
    for (const info of processTree(this.deps.processTable, live.pid, live.pid, all)) {
      this.recorded.set(info.pid, info)
    }
    if (!this.recorded.has(live.pid)) this.record(live.pid)
    // Only news goes to the watchdog: telling it again costs a write per node per refresh.
    else if (this.recorded.size > known) {
      this.deps.watchdog?.track(this.spec.name, live.pid, [...this.recorded.values()])
    }
  }

  private killLeftovers(marked: MarkedProcess[]): void {
    for (const { info, run } of marked) {
      if (run === this.live?.launch) continue
      if (!sendSignal(info.pid, 'SIGKILL')) continue
      this.say(`killed pid ${info.pid} (${info.command}), left behind by run ${run}`)
    }
  }

  /** Resolves once no stop of the tree is under way: a start waits for the last one. */
  idle(): Promise<unknown> {
    return this.stopping ?? Promise.resolve()
  }

  /**
   * The stop signal to the process group and to descendants that left it, SIGKILL to all of
   * them after the kill timeout, then the port, released within a second. `exitTakenIn`
   * resolves once the main process's exit has been handled, so its last lines are logged
   * before "stopped".
   */
  stop(pid: number, exitTakenIn: Promise<void>): Promise<TreeStopOutcome> {
    const stopping = this.stopNow(pid, exitTakenIn).finally(() => {
      if (this.stopping === stopping) this.stopping = undefined
    })
    this.stopping = stopping
    return stopping
  }

  private async stopNow(pid: number, exitTakenIn: Promise<void>): Promise<TreeStopOutcome> {
    const { signal, killTimeoutMs } = this.spec.stop
    this.say(`stopping: ${signal} to process group ${pid}`)
    const result = await stopProcessTree(this.deps.processTable, {
      pid,
      pgid: pid,
      signal,
      killTimeoutMs,
      known: [...this.recorded.values(), ...this.deps.markedTree(this.spec.name)],
    })
    await exitTakenIn
    if (result.survivors.length === 0) this.forget()
    if (result.forced) {
      this.say(`still running after ${formatDuration(killTimeoutMs)}: killed with SIGKILL`)
    }
    const portHeld = (await this.portStillHeld())
      ? { owner: this.deps.findPortOwner(this.spec.port!) }
      : undefined
    if (result.survivors.length === 0 && !portHeld) {
      this.say(`stopped (${result.treeSize} process${result.treeSize === 1 ? '' : 'es'})`)
    }
    return { survivors: result.survivors, portHeld, forced: result.forced }
  }

  private async portStillHeld(): Promise<boolean> {
    const { host, port } = this.spec
    if (port === null) return false
    const deadline = Date.now() + PORT_RELEASE_MS
    while (await isPortOpen(host, port, 200)) {
      if (Date.now() > deadline) return true
      await sleep(20)
    }
    return false
  }

  private record(pid: number): void {
    const root = this.deps.processTable.read(pid)
    if (root) this.recorded.set(pid, root)
    this.deps.watchdog?.track(this.spec.name, pid, [...this.recorded.values()])
  }

  private forget(): void {
    this.recorded.clear()
    this.deps.watchdog?.untrack(this.spec.name)
  }
}
