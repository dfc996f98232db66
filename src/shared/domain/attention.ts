import { ACTIVE_STATES } from './count-nodes'
import type { NodeSnapshot } from './node'

/**
 * How much a node needs attention: failed first, then unhealthy, restarting, crashed, waiting
 * and starting; healthy, stopped and finished ones last (4).
 */
export function attentionRank(node: NodeSnapshot): number {
  if (node.state === 'failed') return 0
  if (node.state === 'running' && node.health === 'unhealthy') return 1
  if (node.state === 'backoff' || node.state === 'crashed') return 2
  if (node.state === 'waiting' || node.state === 'starting' || node.state === 'stopping') return 3
  return 4
}

/** Whether a node needs a look: anything but running well, or stopped/finished as it should. */
export function needsAttention(node: NodeSnapshot): boolean {
  return attentionRank(node) < 4
}

/**
 * The cluster in one word, as the tray's colour says it: `stopped` when nothing runs,
 * `healthy` when everything that runs runs well, else `attention`.
 */
export function overallState(nodes: NodeSnapshot[]): 'healthy' | 'attention' | 'stopped' {
  if (nodes.some(needsAttention)) return 'attention'
  return nodes.some((node) => ACTIVE_STATES.has(node.state)) ? 'healthy' : 'stopped'
}
