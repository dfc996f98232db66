import type { Dependency, Diagnosis, NodeSpec } from '../../../shared/domain/node'

/** Why a node cannot start: what it depends on can no longer be as it needs. */
export function dependencyFailed(spec: NodeSpec, dependency: Dependency, why: string): Diagnosis {
  return {
    code: 'dependency-failed',
    problem: `${spec.name} cannot start: it needs ${dependency.node} ${dependency.condition}, and ${why}.`,
    fix: `Fix ${dependency.node} (its card and log say how), then start ${spec.name} again.`,
  }
}
