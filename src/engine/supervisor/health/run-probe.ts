import type { HealthCheckSpec, NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { probeHttp, probeTcp } from './probes'

/** One probe of a node's configured health check; undefined when the node has none. */
export function runHealthProbe(spec: NodeSpec): Promise<ProbeResult> | undefined {
  const health: HealthCheckSpec = spec.health
  if (health.type === 'none' || spec.port === null) return undefined
  const target = { host: spec.host, port: spec.port, timeoutMs: health.timeoutMs }
  if (health.type === 'tcp') return probeTcp(target)
  return probeHttp({ ...target, path: health.path, expectStatus: health.expectStatus })
}
