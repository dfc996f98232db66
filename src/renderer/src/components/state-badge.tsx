import type { NodeSnapshot } from '../../../shared/domain/node'

export type Badge =
  | 'stopped'
  | 'starting'
  | 'healthy'
  | 'unhealthy'
  | 'running'
  | 'stopping'
  | 'backoff'
  | 'failed'
  | 'exited'
  | 'crashed'
  | 'waiting'
  | 'completed'

/** One word for state and health together: a running node shows its health. */
export function badgeOf(node: NodeSnapshot): Badge {
  if (node.state !== 'running') return node.state
  return node.health === 'unknown' ? 'running' : node.health
}

const SYMBOL: Record<Badge, string> = {
  stopped: '○',
  starting: '◔',
  healthy: '●',
  unhealthy: '▲',
  running: '●',
  stopping: '◕',
  backoff: '↻',
  failed: '✕',
  exited: '■',
  crashed: '✕',
  waiting: '◷',
  completed: '✓',
}

/** Readable by colour and by text: the word is always there, the symbol repeats it. */
export function StateBadge({ node }: { node: NodeSnapshot }) {
  const badge = badgeOf(node)
  return (
    <span className={`badge badge-${badge}`} data-testid="badge" data-badge={badge}>
      <span aria-hidden="true">{SYMBOL[badge]}</span> {badge}
    </span>
  )
}
