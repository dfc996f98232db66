import { describeLastExit } from './describe-exit'
import type { Dependency, NodeSnapshot } from './node'

/** Whether a dependency's condition holds now, may hold later, or never will (and why). */
export type ConditionState = { holds: true } | { holds: false; lost?: string }

/**
 * `started`: its process runs. `healthy`: it is ready (port, then health) and not unhealthy.
 * `completed`: it exited with code 0. A failed node never meets a condition again, nor does
 * one that ended when it should be healthy: the dependent fails instead of waiting for ever.
 */
export function conditionState(snapshot: NodeSnapshot, dependency: Dependency): ConditionState {
  const { state } = snapshot
  // `exited` is an exit with code 0 too, of a node whose restart policy is not `never`.
  const endedWith0 = state === 'completed' || state === 'exited'
  if (state === 'failed') {
    return {
      holds: false,
      lost: `${snapshot.name} failed${snapshot.diagnosis ? `: ${snapshot.diagnosis.problem}` : ''}`,
    }
  }
  switch (dependency.condition) {
    case 'started':
      if (state === 'running' || endedWith0 || (state === 'starting' && snapshot.pid !== null))
        return { holds: true }
      return { holds: false }
    case 'healthy':
      if (state === 'running' && snapshot.health !== 'unhealthy') return { holds: true }
      if (endedWith0)
        return {
          holds: false,
          lost: `${snapshot.name} ${describeEnd(snapshot)} instead of staying up`,
        }
      return { holds: false }
    case 'completed':
      return endedWith0 ? { holds: true } : { holds: false }
  }
}

function describeEnd(snapshot: NodeSnapshot): string {
  const exit = snapshot.lastExit
  return exit ? `ended (${describeLastExit(exit)})` : 'ended'
}
