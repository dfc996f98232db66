import { useEffect, useState } from 'react'
import type { ProbeResult } from '../../../shared/domain/node'
import type { ClusterApi } from '../../../shared/ipc/contract'

/** The node's recent probes as a row of ticks: height is latency, colour is the outcome. */
export function HealthTimeline({
  api,
  node,
  active,
}: {
  api: ClusterApi
  node: string
  active: boolean
}) {
  const [probes, setProbes] = useState<ProbeResult[]>([])
  useEffect(() => {
    let cancelled = false
    const read = () =>
      void api.healthHistory(node).then((result) => {
        if (!cancelled && result.ok) setProbes(result.value.slice(-30))
      })
    read()
    const timer = active ? setInterval(read, 2000) : undefined
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [api, node, active])
  if (probes.length === 0) return <div className="timeline timeline-empty">no probes yet</div>
  const slowest = Math.max(20, ...probes.map((probe) => probe.latencyMs))
  return (
    <div
      className="timeline"
      role="img"
      aria-label={`${probes.filter((p) => !p.ok).length} of ${probes.length} recent probes failed`}
    >
      {probes.map((probe) => (
        <span
          key={probe.at}
          className={probe.ok ? 'tick tick-ok' : 'tick tick-fail'}
          style={{ height: `${25 + (75 * probe.latencyMs) / slowest}%` }}
          title={`${new Date(probe.at).toLocaleTimeString()} · ${probe.latencyMs} ms · ${probe.ok ? 'ok' : (probe.error ?? 'failed')}`}
        />
      ))}
    </div>
  )
}
