import type { Dependency } from './node'

const VERB = { started: 'start', healthy: 'be healthy', completed: 'complete' } as const

/** "db to be healthy and migrate to complete": what a waiting node waits for. */
export function describePending(pending: Dependency[]): string {
  const each = pending.map(({ node, condition }) => `${node} to ${VERB[condition]}`)
  if (each.length === 0) return 'what it depends on'
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each.at(-1)}` : each[0]!
}
