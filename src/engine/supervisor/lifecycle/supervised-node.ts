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
import { ProbeHistory } from '../health/probe-history'
import { NodeOutput } from '../output/node-output'
import { NodeTree } from '../process/node-tree'
import type { ProcessInfo } from '../process/process-table'
import { type MarkedProcess, treeMark } from '../process/tree-marks'
import * as diagnose from './diagnosis'
import { exitVerdict } from './exit-verdict'
import { Launch, PIPE_DRAIN_MAX_MS } from './launch'
import type { NodeDependencies, NodeEvent } from './node-dependencies'
import { NodeStatus } from './node-status'
import { preflight } from './preflight'
import { decideAfterExit } from './restart-policy'
import { WhileRunning } from './while-running'

/** Given to every aborted request, so none has to build a DOMException (see launch.ts). */
const SUPERSEDED = new Error('a later request superseded this one')
/** Lines of a crashed run a card shows while the node waits to restart. */
const CRASH_LINES = 5
/** Turning unhealthy, as the restart policy sees it: a death nobody asked for. */
const UNHEALTHY = { code: null, signal: 'unhealthy' }

/**
 * One node and its lifecycle: stopped → (waiting →) starting → running → stopping → stopped,
 * with crashed → backoff → starting on a crash (or on turning unhealthy, if so configured),
 * `failed` (with a diagnosis) when it cannot go on, `completed` for a one-shot that exits 0.
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
  private readonly status: NodeStatus
  private request = new AbortController()
  private launch: Launch | undefined
  private launches = 0
  private running: WhileRunning | undefined
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
    this.status = new NodeStatus(deps.now())
  }

  get name(): string {
    return this.spec.name
  }

  private get pid(): number | null {
    return this.launch?.pid ?? null
  }

  snapshot(): NodeSnapshot {
    const snapshot = this.status.snapshot(this.spec, this.launch, this.running?.health)
    const resources = this.deps.resourcesOf?.(this.name)
    return resources ? { ...snapshot, resources } : snapshot
  }

  healthHistory(): ProbeResult[] {
    return this.probes.list()
  }

  /**
   * Starts the node. While it waits in backoff this is "restart now"; from stopped, exited,
   * completed or failed it is a fresh start with the restart count at zero, which first waits
   * for what the node depends on unless `dependencies` is false.
   */
  async start({ dependencies = true } = {}): Promise<NodeSnapshot> {
    const asked = this.request.signal
    await this.stopping
    await this.tree.idle()
    // A stop asked while this start waited is the later wish: it wins, even if it ran first.
    if (asked.aborted) return this.snapshot()
    const { state } = this.status
    // A node waiting for its dependencies is started now only when told to do without them.
    if (state === 'starting' || state === 'running' || (state === 'waiting' && dependencies))
      return this.snapshot()
    if (this.status.state === 'backoff') {
      await this.launchNow('restart now, on request')
      return this.snapshot()
    }
    this.status.restarts = 0
    this.status.diagnosis = null
    this.status.crashLines = []
    if (dependencies && !(await this.waitForDependencies())) return this.snapshot()
    await this.launchNow('start requested')
    return this.snapshot()
  }

  /** Waits in `waiting` until every dependency holds; false when it never will, or a stop came. */
  private async waitForDependencies(): Promise<boolean> {
    const { waitForDependencies } = this.deps
    if (!waitForDependencies || this.spec.dependsOn.length === 0) return true
    const signal = this.supersede()
    this.status.waitingFor = this.spec.dependsOn
    this.setState('waiting', 'waiting for what it depends on')
    const problem = await waitForDependencies(this.spec, signal, (pending) => {
      this.status.waitingFor = pending
      if (!signal.aborted) this.emit({ type: 'updated', snapshot: this.snapshot() })
    })
    if (signal.aborted) return false
    if (problem) this.fail(problem)
    return !problem
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
    await this.launch?.killAsCrash(this.output)
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
    this.status.clock.cancel()
    this.running?.stop()
    return this.request.signal
  }

  private async launchNow(reason: string): Promise<void> {
    const launch = new Launch(++this.launches, this.supersede(), this.output.nextSeq)
    this.launch = launch
    this.setState('starting', reason)
    const checked = await preflight(this.spec, this.deps.findPortOwner, this.deps.erlang)
    if (launch.superseded) return
    if (!checked.ok) return this.fail(checked.problem)
    await this.deps.spawnTurn()
    if (launch.superseded) return

    const mark = this.deps.markOwner && treeMark(this.deps.markOwner, this.name, launch.id)
    const spawned = await launch.spawn(
      this.spec,
      { ...this.deps.env, ...checked.fileEnv },
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
      if (!launch.superseded && this.status.lastExit) this.afterExit(this.status.lastExit)
    })
    this.emit({ type: 'updated', snapshot: this.snapshot() })

    const readiness = await launch.untilReady(this.spec, this.output, this.deps.erlang, () =>
      this.emit({ type: 'updated', snapshot: this.snapshot() }),
    )
    if (launch.superseded || this.status.state !== 'starting') return
    if (readiness.ready) return this.enterRunning(readiness.probe)
    if (readiness.aborted) return
    if (readiness.lastProbe) this.recordProbe(readiness.lastProbe)
    const diagnosis = diagnose.neverReady(
      this.spec,
      readiness.seen,
      readiness.lastProbe,
      launch.tails(this.output),
    )
    const stop = this.supersede()
    await this.stopTree(`not ready within ${formatDuration(this.spec.readiness.timeoutMs)}`)
    if (!stop.aborted) this.fail(diagnosis)
  }

  /** The moment the main process ends, whoever ended it: take it in, and end what it left. */
  private processExited(launch: Launch, code: number | null, signal: string | null): void {
    this.status.lastExit = { code, signal, at: this.deps.now() }
    launch.pid = null
    this.running?.stop()
    this.tree.mainExited()
  }

  /** The process ended and nobody asked it to: exited, restart with backoff, or failed. */
  private afterExit(exit: ExitInfo): void {
    const how = describeExit(exit.code, exit.signal)
    this.output.system(`exited: ${how}`)
    const { state, restarts } = this.status
    const tails = this.launch!.tails(this.output)
    const verdict = exitVerdict(this.spec, exit, state === 'starting', restarts, tails)
    this.status.crashLines = diagnose.explainingLines(tails).slice(-CRASH_LINES)
    if (verdict.kind === 'exited') {
      this.setState(this.spec.restart.policy === 'never' ? 'completed' : 'exited', how)
    } else if (verdict.kind === 'restart') {
      this.setState('crashed', how)
      this.scheduleRestart(verdict.delayMs)
    } else {
      if (verdict.crashed) this.setState('crashed', how)
      this.fail(verdict.diagnosis)
    }
  }

  private scheduleRestart(delayMs: number): void {
    this.status.restarts++
    // One clock reading for both: the restart is exactly `delayMs` after entering backoff.
    const at = this.deps.now()
    const attempt = `restart ${this.status.restarts}/${this.spec.restart.maxRestarts}`
    this.output.system(`${attempt} in ${formatDuration(delayMs)}`)
    this.status.clock.schedule(at, delayMs, () => void this.launchNow(attempt))
    this.setState('backoff', `${attempt} in ${formatDuration(delayMs)}`, at)
  }

  private enterRunning(readinessProbe: ProbeResult | undefined): void {
    if (readinessProbe) this.recordProbe(readinessProbe)
    this.running = new WhileRunning(this.spec, this.deps.erlang, {
      probe: (probe, status, changed) => {
        this.recordProbe(probe)
        if (!changed) return
        this.output.system(`health: ${status}${probe.error ? ` (${probe.error})` : ''}`)
        this.emit({ type: 'updated', snapshot: this.snapshot() })
      },
      unhealthy: (probe) => void this.restartUnhealthy(probe),
      stayedUp: (upFor) => {
        if (this.status.restarts === 0) return
        this.status.restarts = 0
        this.output.system(`up for ${upFor}: restart count reset`)
        this.emit({ type: 'updated', snapshot: this.snapshot() })
      },
    })
    this.setState('running', 'ready')
  }

  /** `onUnhealthy: restart`: turning unhealthy is a crash, under the same backoff and limits. */
  private async restartUnhealthy(probe: ProbeResult): Promise<void> {
    const stop = this.supersede()
    this.output.system('unhealthy: restarting it, as a crash')
    const problem = await this.stopTree('unhealthy')
    if (stop.aborted) return
    if (problem) return this.fail(problem)
    this.setState('crashed', 'unhealthy')
    const decision = decideAfterExit(UNHEALTHY, this.spec.restart, this.status.restarts)
    if (decision.kind === 'restart') this.scheduleRestart(decision.delayMs)
    else this.fail(diagnose.unhealthyGivenUp(this.spec, this.status.restarts, probe))
  }

  private async stopNow(reason: string): Promise<NodeSnapshot> {
    if (this.status.state === 'backoff') {
      this.output.system('pending restart cancelled')
      this.setState('stopped', 'restart cancelled by stop')
      return this.snapshot()
    }
    const asked = this.request.signal
    if (this.pid === null) {
      if (['starting', 'waiting'].includes(this.status.state)) this.setState('stopped', reason)
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
    const { survivors, portHeld, forced } = await this.tree.stop(launch.pid, exitTakenIn)
    const { lastExit } = this.status
    if (lastExit) this.status.lastExit = { ...lastExit, stop: { forced, ...this.spec.stop } }
    if (survivors.length === 0 && !portHeld) return undefined
    return diagnose.stopIncomplete(this.spec, survivors, portHeld?.owner)
  }

  private fail(diagnosis: Diagnosis): void {
    this.status.diagnosis = diagnosis
    this.status.clock.cancel()
    this.output.system(`failed: ${diagnosis.problem} ${diagnosis.fix}`)
    this.setState('failed', diagnosis.problem)
  }

  private recordProbe(probe: ProbeResult): void {
    this.probes.add(probe)
    this.emit({ type: 'probe', node: this.name, probe })
  }

  private setState(to: NodeState, reason: string, at = this.deps.now()): void {
    const from = this.status.state
    this.status.state = to
    this.status.since = at
    if (to !== 'running') this.running = undefined
    this.emit({
      type: 'state',
      change: { node: this.name, from, to, at, reason },
      snapshot: this.snapshot(),
    })
  }
}
