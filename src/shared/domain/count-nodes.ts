import type { NodeSnapshot, NodeState } from './node'

/** States in which a node has a process, or is about to: what a stop has to stop. */
export const ACTIVE_STATES: ReadonlySet<NodeState> = new Set<NodeState>([
  'waiting',
  'starting',
  'running',
  'stopping',
  'crashed',
  'backoff',
])

/**
 * What a cluster's one-line summary counts ("3 of 4 healthy · 1 completed · 1 failed"), the
 * same in the window and in `cluster-desk status`. A one-shot task that did its job is
 * neither healthy nor a problem: it is counted apart, and not among the nodes health is
 * counted over.
 */
export function countNodes(nodes: NodeSnapshot[]) {
  const completed = nodes.filter((node) => node.state === 'completed').length
  return {
    healthy: nodes.filter((node) => node.state === 'running' && node.health !== 'unhealthy').length,
    outOf: nodes.length - completed,
    completed,
    failed: nodes.filter((node) => node.state === 'failed').length,
    active: nodes.filter((node) => ACTIVE_STATES.has(node.state)).length,
  }
}
