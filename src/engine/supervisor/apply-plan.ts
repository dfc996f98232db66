import type { ApplyPlan } from '../../shared/domain/apply-plan'
import type { ClusterSpec } from '../../shared/domain/cluster'
import { ACTIVE_STATES } from '../../shared/domain/count-nodes'
import type { NodeSnapshot, NodeSpec } from '../../shared/domain/node'

/**
 * Whether a node must be replaced to take a new spec. What it depends on matters at its next
 * start only, so a change there alone keeps it running (scaling a group restarts none of its
 * dependents).
 */
export function sameButDependencies(a: NodeSpec, b: NodeSpec): boolean {
  return JSON.stringify({ ...a, dependsOn: [] }) === JSON.stringify({ ...b, dependsOn: [] })
}

type CurrentNode = { spec: NodeSpec; snapshot: NodeSnapshot }

/**
 * What saving `next` would do, for the user to see first: to the nodes of the cluster loaded
 * now (`current`, named `loaded`), or, for another cluster, what switching to it would stop.
 */
export function planApply(
  current: CurrentNode[],
  loaded: string,
  next: ClusterSpec,
  known: (name: string) => boolean,
): ApplyPlan {
  if (next.name === loaded) return planNodes(current, next)
  const stops = current.filter((node) => ACTIVE_STATES.has(node.snapshot.state))
  const otherCluster = {
    name: next.name,
    replaces: known(next.name),
    stops: stops.map((node) => node.spec.name),
  }
  return { ...planNodes([], next), otherCluster }
}

function planNodes(current: CurrentNode[], next: ClusterSpec): ApplyPlan {
  const plan: ApplyPlan = { start: [], restart: [], stop: [], change: [], add: [], remove: [] }
  const now = new Map(current.map((node) => [node.spec.name, node]))
  const clusterRuns = current.some((node) => ACTIVE_STATES.has(node.snapshot.state))
  for (const spec of next.nodes) {
    const node = now.get(spec.name)
    if (!node) {
      plan[clusterRuns && spec.autostart ? 'start' : 'add'].push(spec.name)
    } else if (!sameButDependencies(node.spec, spec)) {
      plan[ACTIVE_STATES.has(node.snapshot.state) ? 'restart' : 'change'].push(spec.name)
    }
  }
  const kept = new Set(next.nodes.map((node) => node.name))
  for (const [name, node] of now) {
    if (!kept.has(name)) plan[ACTIVE_STATES.has(node.snapshot.state) ? 'stop' : 'remove'].push(name)
  }
  return plan
}
