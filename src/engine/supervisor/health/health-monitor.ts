import type { HealthStatus, NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { type ErlangPing, runHealthProbe } from './run-probe'

/**
 * Probes a running node every `interval` and turns results into a status with thresholds:
 * `failureThreshold` failures in a row make it unhealthy, `successThreshold` successes in a
 * row make it healthy again, so one slow answer never flips the badge. A probe starts only
 * after the previous one finished, so a hung node is never probed twice at once.
 */
export class HealthMonitor {
  status: HealthStatus
  private failuresInRow = 0
  private successesInRow = 0
  private timer: NodeJS.Timeout | undefined
  private running = false

  constructor(
    private readonly spec: NodeSpec,
    /** The cluster's Erlang side, for `health: erlang`. */
    private readonly erlang: { ping: ErlangPing } | undefined,
    private readonly onProbe: (probe: ProbeResult, status: HealthStatus, changed: boolean) => void,
  ) {
    // Readiness already passed the health check, so a node that has one starts healthy.
    this.status = spec.health.type === 'none' ? 'unknown' : 'healthy'
  }

  start(): void {
    if (this.spec.health.type === 'none') return
    this.running = true
    this.schedule()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.timer)
  }

  private schedule(): void {
    if (!this.running || this.spec.health.type === 'none') return
    this.timer = setTimeout(() => void this.probe(), this.spec.health.intervalMs)
  }

  private async probe(): Promise<void> {
    const result = await runHealthProbe(this.spec, this.erlang?.ping)
    const health = this.spec.health
    if (!this.running || !result || health.type === 'none') return
    if (result.ok) {
      this.successesInRow++
      this.failuresInRow = 0
    } else {
      this.failuresInRow++
      this.successesInRow = 0
    }
    let next = this.status
    if (result.ok && this.successesInRow >= health.successThreshold) next = 'healthy'
    if (!result.ok && this.failuresInRow >= health.failureThreshold) next = 'unhealthy'
    const changed = next !== this.status
    this.status = next
    this.onProbe(result, next, changed)
    this.schedule()
  }
}
