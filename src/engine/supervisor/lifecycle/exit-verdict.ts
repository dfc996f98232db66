import type { Diagnosis, ExitInfo, NodeSpec } from '../../../shared/domain/node'
import * as diagnose from './diagnosis'
import { decideAfterExit } from './restart-policy'

/** What a node does after its process ended without anyone asking it to. */
export type ExitVerdict =
  | { kind: 'exited' }
  | { kind: 'restart'; delayMs: number }
  /** `crashed`: it was running, or could have been retried, and then gave up. */
  | { kind: 'fail'; diagnosis: Diagnosis; crashed: boolean }

/**
 * The verdict on an exit, from how the process ended, whether it was still starting, its
 * restart policy and count, and its last lines (stderr first). The shell's 127 and 126 (not
 * found, not executable) never heal by retrying, whenever they come: a node without a port is
 * running as soon as it spawns.
 */
export function exitVerdict(
  spec: NodeSpec,
  exit: ExitInfo,
  wasStarting: boolean,
  restartsSoFar: number,
  tails: { stderr: string[]; output: string[] },
): ExitVerdict {
  const lastLines = diagnose.explainingLines(tails)
  const startDiagnosis =
    wasStarting || diagnose.isShellLaunchFailure(exit)
      ? diagnose.exitedDuringStart(spec, exit, tails.stderr, tails.output)
      : undefined
  if (startDiagnosis && !diagnose.isRecoverable(startDiagnosis)) {
    return { kind: 'fail', diagnosis: startDiagnosis, crashed: false }
  }
  const decision = decideAfterExit(exit, spec.restart, restartsSoFar)
  if (decision.kind !== 'fail') return decision
  return {
    kind: 'fail',
    crashed: true,
    diagnosis:
      decision.reason === 'policy-never'
        ? (startDiagnosis ?? diagnose.exitedWithError(spec, exit, lastLines))
        : diagnose.restartsExhausted(spec, restartsSoFar, exit, lastLines),
  }
}
