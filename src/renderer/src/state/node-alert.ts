import type { NodeSnapshot } from '../../../shared/domain/node'
import { type Badge, badgeOf } from '../components/state-badge'

/** What the window last saw of a node, to tell what changed since. */
export interface SeenNode {
  badge: Badge
  restarts: number
}

export const seenNode = (node: NodeSnapshot): SeenNode => ({
  badge: badgeOf(node),
  restarts: node.restarts,
})

/**
 * What to announce about a node since it was last seen, if anything. A crash is told by the
 * restart count going up, not by catching the node in backoff: snapshots are sampled, and a
 * short backoff can fall between two of them.
 */
export function alertFor(before: SeenNode | undefined, node: NodeSnapshot): string | undefined {
  if (!before) return undefined
  const badge = badgeOf(node)
  const entered = (what: Badge) => badge === what && before.badge !== what
  // The most important news first: one notification per node and snapshot.
  if (entered('failed')) return 'failed'
  if (node.restarts > before.restarts) return 'crashed'
  if (entered('unhealthy')) return 'is unhealthy'
  return undefined
}
