import { statSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { MAX_LINE_BYTES } from '../../../shared/cluster/defaults'
import { formatDuration } from '../../../shared/cluster/durations'
import { describeExit } from '../../../shared/domain/describe-exit'
import type {
  Diagnosis,
  ExitInfo,
  NodeSnapshot,
  NodeSpec,
  NodeState,
  NodeStateChange,
  ProbeResult,
} from '../../../shared/domain/node'
import { HealthMonitor } from '../health/health-monitor'
import { waitUntilReady } from '../health/readiness'
import { NodeOutput } from '../output/node-output'
import { pipesSettled } from '../output/pipes-settled'
import { isPortOpen } from '../process/port-check'
import type { PortOwner } from '../process/port-owner'
import { type ProcessInfo, type ProcessTable, processTree } from '../process/process-table'
import { sendSignal, stopProcessTree } from '../process/stop-process-tree'
import { type MarkedProcess, treeMark } from '../process/tree-marks'
import type { WatchdogLink } from '../process/watchdog'
import * as diagnose from './diagnosis'
import { decideAfterExit } from './restart-policy'
import { type NodeChild, spawnNode } from './spawn-node'

const HEALTH_HISTORY_SIZE = 50
/** After the main process ends, how long its pipes may stay open and silent before we stop. */
const PIPE_QUIET_MS = 300
/** …and how long they may stay open at most, however busy a leftover grandchild keeps them. */
const PIPE_DRAIN_MAX_MS = 2000
/** After the tree is gone, how long the kernel may take to release the port. */
const PORT_RELEASE_MS = 1000

export interface NodeDependencies {
  processTable: ProcessTable
  findPortOwner: (port: number) => PortOwner | undefined
  /** The environment nodes inherit before their own variables. */
  env: NodeJS.ProcessEnv
  now: () => number
  /** Told about every process of a node's tree, so they die with the engine however it dies. */
  watchdog?: WatchdogLink
  /** Resolves when this node may spawn: the cluster's nodes take turns (see OnePerTurn). */
  spawnTurn: () => Promise<void>
  /** The cluster manager as tree marks name it (see tree-marks.ts); without it, no marks. */
  markOwner?: string
  /** Every living process that carries this node's mark, whatever run started it. */
  markedTree: (node: string) => ProcessInfo[]
}

export type NodeEvent =
  | { type: 'state'; change: NodeStateChange; snapshot: NodeSnapshot }
  | { type: 'updated'; snapshot: NodeSnapshot }
  | { type: 'probe'; node: string; probe: ProbeResult }

/**
 * One node and its lifecycle: stopped → starting → running → stopping → stopped, with
 * crashed → backoff → starting on a crash and `failed` (with a diagnosis) when it cannot go on.
 *
 * Every launch and every stop takes a new `run` number; asynchronous work (readiness, exit
 * handling) checks it after each await, so a stop always wins over work begun before it.
 * A stop asked for by the user never counts as a crash and cancels a pending restart.
 */
export class SupervisedNode {
  readonly output: NodeOutput
  private state: NodeState = 'stopped'
  private since: number
  private run = 0
  private pid: number | null = null
  private startedAt: number | null = null
  private restarts = 0
  private nextRestartAt: number | null = null
  private lastExit: ExitInfo | null = null
  private diagnosis: Diagnosis | null = null
  private monitor: HealthMonitor | undefined
  private readiness: AbortController | undefined
  private restartTimer: NodeJS.Timeout | undefined
  private restartImmediate: NodeJS.Immediate | undefined
  private resetTimer: NodeJS.Timeout | undefined
  private stopping: Promise<NodeSnapshot> | undefined
  /** The run whose process is alive now: its marked processes are the node's tree. */
  private liveRun: number | undefined
  /** Counts stops asked for, so a start that was waiting can tell one came after it. */
  private stopsAsked = 0
  /** The last stop of the tree, asked for or not: a start waits until it is over. */
  private treeStopping: Promise<unknown> = Promise.resolve()
  /** Resolves once the current process's exit and last output have been taken in. */
  private exitSettled: Promise<void> = Promise.resolve()
  /** seq of the first line of the current run: diagnoses quote only this run's output. */
  private runStartSeq = 1
  private readonly probes: ProbeResult[] = []
  /** Every process the current run's tree has had; one that left the group stays here. */
  private readonly recorded = new Map<number, ProcessInfo>()

  constructor(
    readonly spec: NodeSpec,
    /** Lines and bytes each of its output streams keeps. */
    logLimits: { lines: number; bytes: number },
    private readonly deps: NodeDependencies,
    private readonly emit: (event: NodeEvent) => void,
  ) {
    this.output = new NodeOutput(logLimits.lines, deps.now, MAX_LINE_BYTES, logLimits.bytes)
    this.since = deps.now()
  }

  get name(): string {
    return this.spec.name
  }

  snapshot(): NodeSnapshot {
    const { spec } = this
    return {
      name: spec.name,
      state: this.state,
      health: this.state === 'running' && this.monitor ? this.monitor.status : 'unknown',
      since: this.since,
      pid: this.pid,
      host: spec.host,
      port: spec.port,
      url: spec.port === null ? null : `http://${spec.host}:${spec.port}`,
      restarts: this.restarts,
      maxRestarts: spec.restart.maxRestarts,
      nextRestartAt: this.nextRestartAt,
      lastExit: this.lastExit,
      startedAt: this.startedAt,
      diagnosis: this.diagnosis,
      autostart: spec.autostart,
    }
  }

  healthHistory(): ProbeResult[] {
    return [...this.probes]
  }

  /**
   * Starts the node. While it waits in backoff this is "restart now"; from stopped, exited or
   * failed it is a fresh start with the restart count at zero.
   */
  async start(): Promise<NodeSnapshot> {
    const stopsBefore = this.stopsAsked
    await this.stopping
    await this.treeStopping
    // A stop asked while this start waited is the later wish: it wins, even if it ran first.
    if (this.stopsAsked !== stopsBefore) return this.snapshot()
    if (this.state === 'starting' || this.state === 'running') return this.snapshot()
    if (this.state !== 'backoff') {
      this.restarts = 0
      this.diagnosis = null
    }
    await this.launch(this.state === 'backoff' ? 'restart now, on request' : 'start requested')
    return this.snapshot()
  }

  /** Stops the whole tree; a second call while stopping waits for the same stop. */
  stop(): Promise<NodeSnapshot> {
    this.stopsAsked++
    this.stopping ??= this.stopNow('stop requested').finally(() => {
      this.stopping = undefined
    })
    return this.stopping
  }

  async restart(): Promise<NodeSnapshot> {
    await this.stop()
    return this.start()
  }

  /**
   * SIGKILL to the whole group, not asked as a stop: the node sees it as a crash. Resolves once
   * the exit has been taken in, so the answer already shows what happens next (backoff).
   */
  async kill(): Promise<NodeSnapshot> {
    if (this.pid !== null) {
      this.output.system(`killing pid ${this.pid} and its group with SIGKILL, as a crash`)
      sendSignal(-this.pid, 'SIGKILL')
      await Promise.race([this.exitSettled, sleep(PIPE_DRAIN_MAX_MS)])
    }
    return this.snapshot()
  }

  /** Lines of this run, for a diagnosis: stderr when there is any, else everything. */
  private runTail(streams: Array<'stdout' | 'stderr' | 'system'>): string[] {
    return this.output
      .read({ streams, afterSeq: this.runStartSeq - 1, limit: diagnose.DIAGNOSIS_LINES })
      .lines.map((line) => line.text)
  }

  private async launch(reason: string): Promise<void> {
    const run = ++this.run
    this.clearTimers()
    this.nextRestartAt = null
    this.setState('starting', reason)
    const problem = await this.preflight()
    if (run !== this.run) return
    if (problem) {
      this.fail(problem)
      return
    }
    await this.deps.spawnTurn()
    if (run !== this.run) return

    this.runStartSeq = this.output.nextSeq
    const mark = this.deps.markOwner && treeMark(this.deps.markOwner, this.name, run)
    const child = spawnNode(this.spec, this.deps.env, mark)
    if (child.pid === undefined) {
      // The system refused to start it (E2BIG, EAGAIN…): execa reports that in its result,
      // with no 'error' event to wait for, so the start must end here, failed.
      const result = await child
      if (run === this.run) {
        this.fail(
          diagnose.spawnFailed(this.spec, this.deps.env, result.code, result.originalMessage),
        )
      }
      return
    }
    this.pid = child.pid
    this.liveRun = run
    this.recordRoot(child.pid)
    this.startedAt = this.deps.now()
    this.output.system(`started pid ${child.pid}: ${this.spec.command}`)
    this.exitSettled = this.watchExit(run, child)
    this.emit({ type: 'updated', snapshot: this.snapshot() })

    const controller = new AbortController()
    this.readiness = controller
    const readiness = await waitUntilReady(this.spec, controller.signal)
    if (run !== this.run || this.state !== 'starting') return
    if (readiness.ready) {
      this.enterRunning(readiness.probe)
      return
    }
    if (readiness.aborted) return
    if (readiness.lastProbe) this.recordProbe(readiness.lastProbe)
    const diagnosis = diagnose.neverReady(
      this.spec,
      readiness.portOpened,
      readiness.lastProbe,
      this.runTail(['stdout', 'stderr']),
    )
    const stopRun = this.cancelPending()
    await this.stopTree(`not ready within ${formatDuration(this.spec.readiness.timeoutMs)}`)
    if (stopRun === this.run) this.fail(diagnosis)
  }

  /** Problems that make a start pointless, found before spawning anything. */
  private async preflight(): Promise<Diagnosis | undefined> {
    const { spec } = this
    // A stat of a local folder takes microseconds; doing it inline keeps restarts quick.
    const folder = statSync(spec.cwd, { throwIfNoEntry: false })
    if (!folder) return diagnose.cwdMissing(spec, 'missing')
    if (!folder.isDirectory()) return diagnose.cwdMissing(spec, 'not-a-folder')
    if (spec.port !== null && (await isPortOpen(spec.host, spec.port, 500))) {
      return diagnose.portInUse(spec, this.deps.findPortOwner(spec.port))
    }
    return undefined
  }

  private watchExit(run: number, child: NodeChild): Promise<void> {
    let bytesRead = 0
    const streamsEnded = Promise.all(
      (['stdout', 'stderr'] as const).map((stream) => {
        const pipe = child[stream]
        pipe.on('data', (chunk: Buffer) => {
          bytesRead += chunk.length
          this.output.write(stream, chunk)
        })
        return new Promise<void>((resolve) => {
          pipe.once('close', () => {
            this.output.endStream(stream)
            resolve()
          })
        })
      }),
    )
    return new Promise((resolve) => {
      child.once('exit', async (code, signal) => {
        const pid = this.pid
        this.lastExit = { code, signal, at: this.deps.now() }
        this.pid = null
        this.liveRun = undefined
        this.monitor?.stop()
        this.readiness?.abort()
        clearTimeout(this.resetTimer)
        // What the main process left behind in its group dies with it: a leftover server
        // would hold the port and make every restart fail.
        if (pid !== null && this.state !== 'stopping') {
          sendSignal(-pid, 'SIGKILL')
          // …and so does what left the group (setsid): it is recorded, with its start time.
          for (const info of this.recorded.values()) {
            if (this.deps.processTable.isAlive(info.pid, info.startTime))
              sendSignal(info.pid, 'SIGKILL')
          }
          this.forgetTree()
        }
        await pipesSettled(streamsEnded, () => bytesRead, {
          quietMs: PIPE_QUIET_MS,
          maxMs: PIPE_DRAIN_MAX_MS,
        })
        child.stdout.destroy()
        child.stderr.destroy()
        resolve()
        if (run === this.run) this.afterExit(this.lastExit)
      })
    })
  }

  /** The process ended and nobody asked it to: exited, restart with backoff, or failed. */
  private afterExit(exit: ExitInfo): void {
    const how = describeExit(exit.code, exit.signal)
    this.output.system(`exited: ${how}`)
    const stderrTail = this.runTail(['stderr'])
    const lastLines = stderrTail.length > 0 ? stderrTail : this.runTail(['stdout', 'stderr'])
    // The shell's 127 and 126 (not found, not executable) never heal by retrying, whenever
    // they come: a node without a port is running as soon as it spawns.
    const startDiagnosis =
      this.state === 'starting' || diagnose.isShellLaunchFailure(exit)
        ? diagnose.exitedDuringStart(
            this.spec,
            exit,
            stderrTail,
            this.runTail(['stdout', 'stderr']),
          )
        : undefined
    const decision = decideAfterExit(exit, this.spec.restart, this.restarts)
    if (startDiagnosis && !diagnose.isRecoverable(startDiagnosis)) {
      this.fail(startDiagnosis)
    } else if (decision.kind === 'exited') {
      this.setState('exited', how)
    } else if (decision.kind === 'fail') {
      this.setState('crashed', how)
      this.fail(
        decision.reason === 'policy-never'
          ? (startDiagnosis ?? diagnose.exitedWithError(this.spec, exit, lastLines))
          : diagnose.restartsExhausted(this.spec, this.restarts, exit, lastLines),
      )
    } else {
      this.setState('crashed', how)
      this.scheduleRestart(decision.delayMs)
    }
  }

  private scheduleRestart(delayMs: number): void {
    this.restarts++
    // One clock reading for both: the restart is exactly `delayMs` after entering backoff.
    const at = this.deps.now()
    this.nextRestartAt = at + delayMs
    const attempt = `restart ${this.restarts}/${this.spec.restart.maxRestarts}`
    this.output.system(`${attempt} in ${formatDuration(delayMs)}`)
    this.setState('backoff', `${attempt} in ${formatDuration(delayMs)}`, at)
    const restart = () => void this.launch(attempt)
    // setTimeout(…, 0) waits a whole millisecond; a zero backoff restarts on the next turn.
    if (delayMs === 0) this.restartImmediate = setImmediate(restart)
    else this.restartTimer = setTimeout(restart, delayMs)
  }

  private enterRunning(readinessProbe: ProbeResult | undefined): void {
    if (readinessProbe) this.recordProbe(readinessProbe)
    this.monitor = new HealthMonitor(this.spec, (probe, status, changed) => {
      this.recordProbe(probe)
      if (!changed) return
      this.output.system(`health: ${status}${probe.error ? ` (${probe.error})` : ''}`)
      this.emit({ type: 'updated', snapshot: this.snapshot() })
    })
    this.monitor.start()
    this.setState('running', 'ready')
    const { resetAfterMs } = this.spec.restart
    this.resetTimer = setTimeout(() => {
      if (this.restarts === 0) return
      this.restarts = 0
      this.output.system(`up for ${formatDuration(resetAfterMs)}: restart count reset`)
      this.emit({ type: 'updated', snapshot: this.snapshot() })
    }, resetAfterMs)
  }

  private async stopNow(reason: string): Promise<NodeSnapshot> {
    if (this.state === 'backoff') {
      this.cancelPending()
      this.output.system('pending restart cancelled')
      this.setState('stopped', 'restart cancelled by stop')
      return this.snapshot()
    }
    const run = this.cancelPending()
    if (this.pid === null) {
      if (this.state === 'starting') this.setState('stopped', reason)
      return this.snapshot()
    }
    const problem = await this.stopTree(reason)
    if (run !== this.run) return this.snapshot()
    if (problem) this.fail(problem)
    else this.setState('stopped', reason)
    return this.snapshot()
  }

  /** Takes a new run number, so readiness, exit decisions and a pending restart are void. */
  private cancelPending(): number {
    this.clearTimers()
    this.readiness?.abort()
    this.monitor?.stop()
    this.nextRestartAt = null
    return ++this.run
  }

  /** Stops the running tree and checks the port; a diagnosis when something outlived it. */
  private stopTree(reason: string): Promise<Diagnosis | undefined> {
    const stopping = this.stopTreeNow(reason)
    this.treeStopping = stopping
    return stopping
  }

  private async stopTreeNow(reason: string): Promise<Diagnosis | undefined> {
    const pid = this.pid
    if (pid === null) return undefined
    const { signal, killTimeoutMs } = this.spec.stop
    this.setState('stopping', reason)
    this.output.system(`stopping: ${signal} to process group ${pid}`)
    const result = await stopProcessTree(this.deps.processTable, {
      pid,
      pgid: pid,
      signal,
      killTimeoutMs,
      known: [...this.recorded.values(), ...this.deps.markedTree(this.name)],
    })
    await Promise.race([this.exitSettled, sleep(PIPE_DRAIN_MAX_MS)])
    if (result.survivors.length === 0) this.forgetTree()
    if (result.forced) {
      this.output.system(
        `still running after ${formatDuration(killTimeoutMs)}: killed with SIGKILL`,
      )
    }
    const portHeld = await this.portStillHeld()
    if (result.survivors.length > 0 || portHeld) {
      const owner =
        portHeld && this.spec.port !== null ? this.deps.findPortOwner(this.spec.port) : undefined
      return diagnose.stopIncomplete(this.spec, result.survivors, owner)
    }
    this.output.system(`stopped (${result.treeSize} process${result.treeSize === 1 ? '' : 'es'})`)
    return undefined
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

  private fail(diagnosis: Diagnosis): void {
    this.diagnosis = diagnosis
    this.nextRestartAt = null
    this.output.system(`failed: ${diagnosis.problem} ${diagnosis.fix}`)
    this.setState('failed', diagnosis.problem)
  }

  private recordProbe(probe: ProbeResult): void {
    this.probes.push(probe)
    if (this.probes.length > HEALTH_HISTORY_SIZE) this.probes.shift()
    this.emit({ type: 'probe', node: this.name, probe })
  }

  /**
   * Records the processes of the running tree (the manager calls this periodically with one
   * listing of /proc for all nodes) and tells the watchdog.
   */
  refreshTree(all?: ProcessInfo[], marked: MarkedProcess[] = []): void {
    this.killLeftovers(marked)
    const pid = this.pid
    if (pid === null) return
    const known = this.recorded.size
    for (const { info, run } of marked) if (run === this.liveRun) this.recorded.set(info.pid, info)
    for (const info of processTree(this.deps.processTable, pid, pid, all)) {
      this.recorded.set(info.pid, info)
    }
    if (!this.recorded.has(pid)) this.recordRoot(pid)
    // Only news goes to the watchdog: telling it again costs a write per node per refresh.
    else if (this.recorded.size > known) {
      this.deps.watchdog?.track(this.name, pid, [...this.recorded.values()])
    }
  }

  /**
   * A marked process of a run that is over (a daemon its main process left behind, started
   * too late for the exit to find it) dies as the rest of that run did.
   */
  private killLeftovers(marked: MarkedProcess[]): void {
    // A stop under way owns the whole tree and gives it the configured grace period.
    if (this.state === 'stopping') return
    for (const { info, run } of marked) {
      if (run === this.liveRun && this.pid !== null) continue
      if (!sendSignal(info.pid, 'SIGKILL')) continue
      this.output.system(`killed pid ${info.pid} (${info.command}), left behind by run ${run}`)
    }
  }

  /**
   * A process just spawned has no descendants yet: reading its own entry is enough, where a
   * whole tree refresh would read all of /proc on every restart. The periodic refresh finds
   * what it starts later.
   */
  private recordRoot(pid: number): void {
    const root = this.deps.processTable.read(pid)
    if (root) this.recorded.set(pid, root)
    this.deps.watchdog?.track(this.name, pid, [...this.recorded.values()])
  }

  private forgetTree(): void {
    this.recorded.clear()
    this.deps.watchdog?.untrack(this.name)
  }

  private setState(to: NodeState, reason: string, at = this.deps.now()): void {
    const from = this.state
    this.state = to
    this.since = at
    if (to !== 'running') this.monitor = undefined
    this.emit({
      type: 'state',
      change: { node: this.name, from, to, at, reason },
      snapshot: this.snapshot(),
    })
  }

  private clearTimers(): void {
    clearTimeout(this.restartTimer)
    clearImmediate(this.restartImmediate)
    clearTimeout(this.resetTimer)
  }
}
