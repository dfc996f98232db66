import { setTimeout as sleep } from 'node:timers/promises'
import type { NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { isPortOpen } from '../process/port-check'
import { type ErlangPing, runHealthProbe } from './run-probe'

export type Readiness =
  | { ready: true; probe?: ProbeResult }
  | { ready: false; aborted: true }
  | {
      ready: false
      aborted: false
      /** What it got as far as: its log line (when one is asked for), its port. */
      seen: { logLine: boolean; port: boolean }
      lastProbe?: ProbeResult
    }

/** Resolves true once the node printed its readiness line, false if `signal` ends first. */
export type LogLineWait = (signal: AbortSignal) => Promise<boolean>

/**
 * Waits until a starting node is ready, as the Elixir supervisor does: its port accepts TCP
 * connections, then its health check passes. With `readiness.logLine`, a matching line of
 * its output comes first. Tries every `readiness.intervalMs` until `readiness.timeoutMs`.
 * A node without a port or health check is ready as soon as it runs (or printed its line);
 * an Erlang node without a port is ready once it answers a ping (`health: erlang`).
 */
export async function waitUntilReady(
  spec: NodeSpec,
  signal: AbortSignal,
  erlang: { ping: ErlangPing } | undefined,
  logLine: LogLineWait,
  /** Told why each check failed, in words, so a slow start is not 30 s of silence. */
  onCheck: (failure: string) => void = () => {},
): Promise<Readiness> {
  const deadline = Date.now() + spec.readiness.timeoutMs
  if (spec.readiness.logLine !== null) {
    onCheck(`no line matching /${spec.readiness.logLine}/ yet`)
    const timedOut = new AbortController()
    const timer = setTimeout(() => timedOut.abort(), spec.readiness.timeoutMs)
    const seen = await logLine(AbortSignal.any([signal, timedOut.signal]))
    clearTimeout(timer)
    if (signal.aborted) return { ready: false, aborted: true }
    if (!seen) return { ready: false, aborted: false, seen: { logLine: false, port: false } }
  }
  if (spec.port === null && spec.health.type !== 'erlang') return { ready: true }
  let portOpened = false
  let lastProbe: ProbeResult | undefined
  while (!signal.aborted) {
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      return { ready: false, aborted: false, seen: { logLine: true, port: portOpened }, lastProbe }
    }
    if (!portOpened) {
      portOpened =
        spec.port === null || (await isPortOpen(spec.host, spec.port, Math.min(1000, remaining)))
      if (!portOpened) onCheck(`port ${spec.port} not open yet`)
    }
    if (portOpened && !signal.aborted) {
      const probe = runHealthProbe(spec, erlang?.ping)
      if (!probe) return { ready: true }
      lastProbe = await probe
      if (lastProbe.ok) return { ready: true, probe: lastProbe }
      onCheck(describeFailedCheck(spec, lastProbe))
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

/** A failed health check in a few words: "GET /nope → 404", "ping: pang". */
export function describeFailedCheck(spec: NodeSpec, probe: ProbeResult): string {
  const { health } = spec
  if (health.type === 'http') {
    return probe.status !== undefined
      ? `GET ${health.path} → ${probe.status}`
      : `GET ${health.path}: ${probe.error ?? 'no answer'}`
  }
  const what = health.type === 'erlang' ? 'ping' : `port ${spec.port}`
  return `${what}: ${probe.error ?? 'no answer'}`
}
