import { attentionRank, needsAttention } from '../../../shared/domain/attention'
import type { NodeSnapshot } from '../../../shared/domain/node'

export type NodeSort = 'problems' | 'defined' | 'name'
export type StateFilter = 'all' | 'problems' | 'failed' | 'running' | 'stopped'

export function sortNodes(nodes: NodeSnapshot[], sort: NodeSort): NodeSnapshot[] {
  if (sort === 'defined') return nodes
  const byName = (a: NodeSnapshot, b: NodeSnapshot) =>
    a.name.localeCompare(b.name, undefined, { numeric: true })
  return [...nodes].sort(
    sort === 'name' ? byName : (a, b) => attentionRank(a) - attentionRank(b) || 0,
  )
}

export function matchesState(node: NodeSnapshot, filter: StateFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'problems':
      return needsAttention(node)
    case 'failed':
      return node.state === 'failed'
    case 'running':
      return node.state === 'running'
    case 'stopped':
      return ['stopped', 'exited', 'completed'].includes(node.state)
  }
}

/** Whether a node's name holds every word typed, in any case: "web 3" finds web3 and web13. */
export function matchesName(name: string, typed: string): boolean {
  const lower = name.toLowerCase()
  return typed
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => lower.includes(word))
}
