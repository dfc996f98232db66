import { formatDuration } from '../../../shared/cluster/durations'
import type { HealthStatus, NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { HealthMonitor } from '../health/health-monitor'
import type { ErlangPing } from '../health/run-probe'

export interface WhileRunningHooks {
  probe(probe: ProbeResult, status: HealthStatus, changed: boolean): void
  /** It just turned unhealthy and its spec says `onUnhealthy: restart`. */
  unhealthy(probe: ProbeResult): void
  /** It stayed up `resetAfter` (said in words): its restart count may start again from zero. */
  stayedUp(upFor: string): void
}

/**
 * What watches a node while it runs: its health probes, the moment it turns unhealthy when
 * that is to restart it, and the timer that gives it its restart count back once it stayed up.
 */
export class WhileRunning {
  private readonly monitor: HealthMonitor
  private readonly resetTimer: NodeJS.Timeout

  constructor(spec: NodeSpec, erlang: { ping: ErlangPing } | undefined, hooks: WhileRunningHooks) {
    const restartWhenUnhealthy =
      spec.health.type !== 'none' && spec.health.onUnhealthy === 'restart'
    this.monitor = new HealthMonitor(spec, erlang, (probe, status, changed) => {
      hooks.probe(probe, status, changed)
      if (changed && status === 'unhealthy' && restartWhenUnhealthy) hooks.unhealthy(probe)
    })
    this.monitor.start()
    const { resetAfterMs } = spec.restart
    this.resetTimer = setTimeout(() => hooks.stayedUp(formatDuration(resetAfterMs)), resetAfterMs)
  }

  get health(): HealthStatus {
    return this.monitor.status
  }

  stop(): void {
    this.monitor.stop()
    clearTimeout(this.resetTimer)
  }
}
