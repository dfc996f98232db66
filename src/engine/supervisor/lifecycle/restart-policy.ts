import type { RestartSpec } from '../../../shared/domain/node'

/** Delay before restart number `restartsSoFar + 1`: backoff × 2ⁿ, capped at maxBackoff. */
export function backoffDelayMs(restartsSoFar: number, spec: RestartSpec): number {
  return Math.min(spec.backoffMs * 2 ** restartsSoFar, spec.maxBackoffMs)
}

export type ExitDecision =
  | { kind: 'exited' }
  | { kind: 'restart'; delayMs: number }
  | { kind: 'fail'; reason: 'policy-never' | 'restarts-exhausted' }

/**
 * What to do after a node's process ended without anyone asking it to.
 * Exit code 0 is a finished job (`exited`) unless the policy is `always`; any other exit, and
 * death by any signal we did not send, is a crash that is restarted while restarts remain.
 */
export function decideAfterExit(
  exit: { code: number | null; signal: string | null },
  spec: RestartSpec,
  restartsSoFar: number,
): ExitDecision {
  const clean = exit.code === 0 && exit.signal === null
  if (clean && spec.policy !== 'always') return { kind: 'exited' }
  if (spec.policy === 'never') return { kind: 'fail', reason: 'policy-never' }
  if (restartsSoFar >= spec.maxRestarts) return { kind: 'fail', reason: 'restarts-exhausted' }
  return { kind: 'restart', delayMs: backoffDelayMs(restartsSoFar, spec) }
}
