import type { HealthCheckSpec, NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { probeHttp, probeTcp } from './probes'

/** A `net_adm:ping` of an Erlang node, by the cluster's hidden helper node. */
export type ErlangPing = (spec: NodeSpec) => Promise<ProbeResult>

/** One probe of a node's configured health check; undefined when the node has none. */
export function runHealthProbe(
  spec: NodeSpec,
  pingErlang: ErlangPing | undefined,
): Promise<ProbeResult> | undefined {
  const health: HealthCheckSpec = spec.health
  if (health.type === 'none') return undefined
  if (health.type === 'erlang') {
    if (pingErlang) return pingErlang(spec)
    const at = Date.now()
    return Promise.resolve({ at, latencyMs: 0, ok: false, error: 'no Erlang helper to ping it' })
  }
  if (spec.port === null) return undefined
  const target = { host: spec.host, port: spec.port, timeoutMs: health.timeoutMs }
  if (health.type === 'tcp') return probeTcp(target)
  return probeHttp({ ...target, path: health.path, expectStatus: health.expectStatus })
}
