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
  ProbeResult,
} from '../../../shared/domain/node'
import { HealthMonitor } from '../health/health-monitor'
import { ProbeHistory } from '../health/probe-history'
import { waitUntilReady } from '../health/readiness'
import { NodeOutput } from '../output/node-output'
import { NodeTree } from '../process/node-tree'
import type { ProcessInfo } from '../process/process-table'
import { sendSignal } from '../process/stop-process-tree'
import { type MarkedProcess, treeMark } from '../process/tree-marks'
import * as diagnose from './diagnosis'
import { exitVerdict } from './exit-verdict'
import { Launch, PIPE_DRAIN_MAX_MS } from './launch'
import type { NodeDependencies, NodeEvent } from './node-dependencies'
import { preflight } from './preflight'

/** Given to every aborted request, so none has to build a DOMException (see launch.ts). */
const SUPERSEDED = new Error('a later request superseded this one')

/**
 * One node and its lifecycle: stopped → starting → running → stopping → stopped, with
 * crashed → backoff → starting on a crash and `failed` (with a diagnosis) when it cannot go on.
 *
 * Requests are latest-wins: each stop, and each launch, aborts the request before it, and
 * every piece of asynchronous work holds the signal of the request it serves (a Launch holds
 * its own), so a stop always wins over work begun before it. A start that waited for an
 * earlier stop to finish gives way to any stop asked while it waited. A stop asked for by the
 * user never counts as a crash and cancels a pending restart. The processes themselves are
 * the NodeTree's.
 */
export class SupervisedNode {
  readonly output: NodeOutput
  private readonly tree: NodeTree
  private state: NodeState = 'stopped'
  private since: number
  private request = new AbortController()
  private launch: Launch | undefined
  private launches = 0
  private restarts = 0
  private nextRestartAt: number | null = null
  private lastExit: ExitInfo | null = null
  private diagnosis: Diagnosis | null = null
  private monitor: HealthMonitor | undefined
  private restartTimer: NodeJS.Timeout | undefined
  private restartImmediate: NodeJS.Immediate | undefined
  private resetTimer: NodeJS.Timeout | undefined
  /** The stop under way: a second stop asked meanwhile waits for the same one. */
  private stopping: Promise<NodeSnapshot> | undefined
  private readonly probes = new ProbeHistory()

  constructor(
    readonly spec: NodeSpec,
    /** Lines and bytes each of its output streams keeps. */
    logLimits: { lines: number; bytes: number },
    private readonly deps: NodeDependencies,
    private readonly emit: (event: NodeEvent) => void,
  ) {
    this.output = new NodeOutput(logLimits.lines, deps.now, MAX_LINE_BYTES, logLimits.bytes)
    this.tree = new NodeTree(spec, deps, (text) => this.output.system(text))
    this.since = deps.now()
  }

  get name(): string {
    return this.spec.name
  }

  private get pid(): number | null {
    return this.launch?.pid ?? null
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
      startedAt: this.launch?.startedAt ?? null,
      diagnosis: this.diagnosis,
      autostart: spec.autostart,
    }
  }

  healthHistory(): ProbeResult[] {
    return this.probes.list()
  }

  /**
   * Starts the node. While it waits in backoff this is "restart now"; from stopped, exited or
   * failed it is a fresh start with the restart count at zero.
   */
  async start(): Promise<NodeSnapshot> {
    const asked = this.request.signal
    await this.stopping
    await this.tree.idle()
    // A stop asked while this start waited is the later wish: it wins, even if it ran first.
    if (asked.aborted) return this.snapshot()
    if (this.state === 'starting' || this.state === 'running') return this.snapshot()
    if (this.state !== 'backoff') {
      this.restarts = 0
      this.diagnosis = null
    }
    await this.launchNow(this.state === 'backoff' ? 'restart now, on request' : 'start requested')
    return this.snapshot()
  }

  /** Stops the whole tree; a second call while stopping waits for the same stop. */
  stop(): Promise<NodeSnapshot> {
    this.supersede()
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
    const launch = this.launch
    if (launch?.pid != null) {
      this.output.system(`killing pid ${launch.pid} and its group with SIGKILL, as a crash`)
      sendSignal(-launch.pid, 'SIGKILL')
      await Promise.race([launch.settled, sleep(PIPE_DRAIN_MAX_MS)])
    }
    return this.snapshot()
  }

  /** Records the running tree; the manager calls this with one listing of /proc for all. */
  refreshTree(all?: ProcessInfo[], marked: MarkedProcess[] = []): void {
    this.tree.refresh(all, marked)
  }

  /**
   * A new request: the one before it (a launch, a stop, the readiness or exit decision of an
   * earlier launch, a pending restart) is void from now on.
   */
  private supersede(): AbortSignal {
    this.request.abort(SUPERSEDED)
    this.request = new AbortController()
    this.clearTimers()
    this.monitor?.stop()
    this.nextRestartAt = null
    return this.request.signal
  }

  /** Lines of this launch, for a diagnosis: stderr when there is any, else everything. */
  private launchTail(streams: Array<'stdout' | 'stderr' | 'system'>): string[] {
    return this.output
      .read({
        streams,
        afterSeq: (this.launch?.firstSeq ?? 1) - 1,
        limit: diagnose.DIAGNOSIS_LINES,
      })
      .lines.map((line) => line.text)
  }

  private async launchNow(reason: string): Promise<void> {
    const launch = new Launch(++this.launches, this.supersede(), this.output.nextSeq)
    this.launch = launch
    this.setState('starting', reason)
    const problem = await preflight(this.spec, this.deps.findPortOwner, this.deps.erlang)
    if (launch.superseded) return
    if (problem) return this.fail(problem)
    await this.deps.spawnTurn()
    if (launch.superseded) return

    const mark = this.deps.markOwner && treeMark(this.deps.markOwner, this.name, launch.id)
    const spawned = await launch.spawn(
      this.spec,
      this.deps.env,
      mark,
      this.output,
      (code, signal) => this.processExited(launch, code, signal),
    )
    if ('refused' in spawned) {
      const { code, message } = spawned.refused
      if (!launch.superseded)
        this.fail(diagnose.spawnFailed(this.spec, this.deps.env, code, message))
      return
    }
    launch.startedAt = this.deps.now()
    this.tree.adopt(launch.id, spawned.pid)
    this.output.system(`started pid ${spawned.pid}: ${this.spec.command}`)
    void launch.settled.then(() => {
      if (!launch.superseded && this.lastExit) this.afterExit(this.lastExit)
    })
    this.emit({ type: 'updated', snapshot: this.snapshot() })

    const readiness = await waitUntilReady(this.spec, launch.readinessSignal, this.deps.erlang)
    if (launch.superseded || this.state !== 'starting') return
    if (readiness.ready) return this.enterRunning(readiness.probe)
    if (readiness.aborted) return
    if (readiness.lastProbe) this.recordProbe(readiness.lastProbe)
    const diagnosis = diagnose.neverReady(
      this.spec,
      readiness.portOpened,
      readiness.lastProbe,
      this.launchTail(['stdout', 'stderr']),
    )
    const stop = this.supersede()
    await this.stopTree(`not ready within ${formatDuration(this.spec.readiness.timeoutMs)}`)
    if (!stop.aborted) this.fail(diagnosis)
  }

  /** The moment the main process ends, whoever ended it: take it in, and end what it left. */
  private processExited(launch: Launch, code: number | null, signal: string | null): void {
    this.lastExit = { code, signal, at: this.deps.now() }
    launch.pid = null
    this.monitor?.stop()
    clearTimeout(this.resetTimer)
    this.tree.mainExited()
  }

  /** The process ended and nobody asked it to: exited, restart with backoff, or failed. */
  private afterExit(exit: ExitInfo): void {
    const how = describeExit(exit.code, exit.signal)
    this.output.system(`exited: ${how}`)
    const verdict = exitVerdict(this.spec, exit, this.state === 'starting', this.restarts, {
      stderr: this.launchTail(['stderr']),
      output: this.launchTail(['stdout', 'stderr']),
    })
    if (verdict.kind === 'exited') {
      this.setState('exited', how)
    } else if (verdict.kind === 'restart') {
      this.setState('crashed', how)
      this.scheduleRestart(verdict.delayMs)
    } else {
      if (verdict.crashed) this.setState('crashed', how)
      this.fail(verdict.diagnosis)
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
    const restart = () => void this.launchNow(attempt)
    // setTimeout(…, 0) waits a whole millisecond; a zero backoff restarts on the next turn.
    if (delayMs === 0) this.restartImmediate = setImmediate(restart)
    else this.restartTimer = setTimeout(restart, delayMs)
  }

  private enterRunning(readinessProbe: ProbeResult | undefined): void {
    if (readinessProbe) this.recordProbe(readinessProbe)
    this.monitor = new HealthMonitor(this.spec, this.deps.erlang, (probe, status, changed) => {
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
      this.output.system('pending restart cancelled')
      this.setState('stopped', 'restart cancelled by stop')
      return this.snapshot()
    }
    const asked = this.request.signal
    if (this.pid === null) {
      if (this.state === 'starting') this.setState('stopped', reason)
      return this.snapshot()
    }
    const problem = await this.stopTree(reason)
    if (asked.aborted) return this.snapshot()
    if (problem) this.fail(problem)
    else this.setState('stopped', reason)
    return this.snapshot()
  }

  /** Stops the running tree and checks the port; a diagnosis when something outlived it. */
  private async stopTree(reason: string): Promise<Diagnosis | undefined> {
    const launch = this.launch
    if (launch?.pid == null) return undefined
    this.setState('stopping', reason)
    const exitTakenIn = Promise.race([launch.settled, sleep(PIPE_DRAIN_MAX_MS)])
    const { survivors, portHeld } = await this.tree.stop(launch.pid, exitTakenIn)
    if (survivors.length === 0 && !portHeld) return undefined
    return diagnose.stopIncomplete(this.spec, survivors, portHeld?.owner)
  }

  private fail(diagnosis: Diagnosis): void {
    this.diagnosis = diagnosis
    this.nextRestartAt = null
    this.output.system(`failed: ${diagnosis.problem} ${diagnosis.fix}`)
    this.setState('failed', diagnosis.problem)
  }

  private recordProbe(probe: ProbeResult): void {
    this.probes.add(probe)
    this.emit({ type: 'probe', node: this.name, probe })
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
