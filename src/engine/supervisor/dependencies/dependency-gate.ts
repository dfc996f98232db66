import { conditionState } from '../../../shared/domain/dependency-conditions'
import type { Dependency, Diagnosis, NodeSnapshot, NodeSpec } from '../../../shared/domain/node'
import { dependencyFailed } from './dependency-diagnosis'

/**
 * Waits for a node's dependencies, re-checking on every state change of the cluster's nodes,
 * so a dependent starts in the same turn as its last condition comes to hold.
 */
export function waitForDependencies(
  spec: NodeSpec,
  signal: AbortSignal,
  waiting: (pending: Dependency[]) => void,
  cluster: {
    snapshotOf: (name: string) => NodeSnapshot | undefined
    /** Calls back on every change of any node; returns how to stop listening. */
    onChange: (listener: () => void) => () => void
  },
): Promise<Diagnosis | undefined> {
  return new Promise((resolve) => {
    let said = ''
    const finish = (result: Diagnosis | undefined) => {
      stopListening()
      signal.removeEventListener('abort', aborted)
      resolve(result)
    }
    const aborted = () => finish(undefined)
    const check = () => {
      const pending: Dependency[] = []
      for (const dependency of spec.dependsOn) {
        const snapshot = cluster.snapshotOf(dependency.node)
        if (!snapshot) continue // removed from the cluster by an edit: nothing to wait for
        const state = conditionState(snapshot, dependency)
        if (state.holds) continue
        if (state.lost) return finish(dependencyFailed(spec, dependency, state.lost))
        pending.push(dependency)
      }
      if (pending.length === 0) return finish(undefined)
      const now = JSON.stringify(pending)
      if (now !== said) {
        said = now
        waiting(pending)
      }
    }
    const stopListening = cluster.onChange(check)
    if (signal.aborted) return finish(undefined)
    signal.addEventListener('abort', aborted, { once: true })
    check()
  })
}
