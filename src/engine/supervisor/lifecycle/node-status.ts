import type {
  Dependency,
  Diagnosis,
  ExitInfo,
  HealthStatus,
  NodeSnapshot,
  NodeSpec,
  NodeState,
} from '../../../shared/domain/node'
import { RestartClock } from './restart-clock'

/**
 * What a node shows of itself apart from its processes: its state and since when, its restarts
 * and the one pending, its last exit, its diagnosis, and what it waits for.
 */
export class NodeStatus {
  state: NodeState = 'stopped'
  since: number
  restarts = 0
  readonly clock = new RestartClock()
  lastExit: ExitInfo | null = null
  diagnosis: Diagnosis | null = null
  /** While `waiting`: the conditions that do not hold yet. */
  waitingFor: Dependency[] = []
  crashLines: string[] = []

  constructor(now: number) {
    this.since = now
  }

  snapshot(
    spec: NodeSpec,
    launch:
      | { pid: number | null; startedAt: number | null; notReadyBecause: string | null }
      | undefined,
    /** The health monitor's word while it runs. */
    health: HealthStatus | undefined,
  ): NodeSnapshot {
    return {
      name: spec.name,
      state: this.state,
      health: this.state === 'running' && health ? health : 'unknown',
      since: this.since,
      pid: launch?.pid ?? null,
      host: spec.host,
      port: spec.port,
      url: spec.port === null ? null : `http://${spec.host}:${spec.port}`,
      restarts: this.restarts,
      maxRestarts: spec.restart.maxRestarts,
      nextRestartAt: this.clock.dueAt,
      lastExit: this.lastExit,
      startedAt: launch?.startedAt ?? null,
      diagnosis: this.diagnosis,
      autostart: spec.autostart,
      group: spec.group,
      dependsOn: spec.dependsOn,
      waitingFor: this.state === 'waiting' ? this.waitingFor : [],
      readinessCheck: this.state === 'starting' ? (launch?.notReadyBecause ?? null) : null,
      crashLines: this.crashLines,
    }
  }
}
