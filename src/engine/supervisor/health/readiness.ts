import { setTimeout as sleep } from 'node:timers/promises'
import type { NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { isPortOpen } from '../process/port-check'
import { type ErlangPing, runHealthProbe } from './run-probe'

export type Readiness =
  | { ready: true; probe?: ProbeResult }
  | { ready: false; aborted: true }
  | { ready: false; aborted: false; portOpened: boolean; lastProbe?: ProbeResult }

/**
 * Waits until a starting node is ready, as the Elixir supervisor does: its port accepts TCP
 * connections, then its health check passes. Tries every `readiness.intervalMs` until
 * `readiness.timeoutMs`. A node without a port or health check is ready as soon as it runs;
 * an Erlang node without a port is ready once it answers a ping (`health: erlang`).
 */
export async function waitUntilReady(
  spec: NodeSpec,
  signal: AbortSignal,
  erlang?: { ping: ErlangPing },
): Promise<Readiness> {
  if (spec.port === null && spec.health.type !== 'erlang') return { ready: true }
  const deadline = Date.now() + spec.readiness.timeoutMs
  let portOpened = false
  let lastProbe: ProbeResult | undefined
  while (!signal.aborted) {
    const remaining = deadline - Date.now()
    if (remaining <= 0) return { ready: false, aborted: false, portOpened, lastProbe }
    if (!portOpened) {
      portOpened =
        spec.port === null || (await isPortOpen(spec.host, spec.port, Math.min(1000, remaining)))
    }
    if (portOpened && !signal.aborted) {
      const probe = runHealthProbe(spec, erlang?.ping)
      if (!probe) return { ready: true }
      lastProbe = await probe
      if (lastProbe.ok) return { ready: true, probe: lastProbe }
    }
    try {
      await sleep(
        Math.min(spec.readiness.intervalMs, Math.max(0, deadline - Date.now())),
        undefined,
        { signal },
      )
    } catch {
      break
    }
  }
  return { ready: false, aborted: true }
}
