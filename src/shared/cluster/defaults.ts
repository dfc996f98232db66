/**
 * The numbers every node gets unless its cluster file says otherwise. They come from the
 * Elixir supervisor Cluster Desk grew from: 1000 lines per stream, 1 s × 2ⁿ backoff capped at 30 s, 5 restarts, 5 s kill timeout,
 * readiness within 30 s, ports from 4001 on 127.0.0.1, at most 50 nodes.
 */
export const DEFAULT_HOST = '127.0.0.1'
export const FIRST_DEFAULT_PORT = 4001
export const DEFAULT_LOG_LINES = 1000
export const DEFAULT_MAX_NODES = 50
/** Raising maxNodes past this is refused: it would no longer be a local cluster. */
export const MAX_NODES_CEILING = 500
export const MAX_LINE_BYTES = 16 * 1024

export const DEFAULT_HEALTH = {
  type: 'http',
  path: '/api/health',
  intervalMs: 2000,
  timeoutMs: 1000,
  failureThreshold: 3,
  successThreshold: 1,
} as const

export const DEFAULT_READINESS = {
  timeoutMs: 30_000,
  // The Elixir supervisor polls once a second; a quarter of that shows a ready node sooner at no real cost.
  intervalMs: 250,
} as const

export const DEFAULT_RESTART = {
  policy: 'on-failure',
  maxRestarts: 5,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  resetAfterMs: 60_000,
} as const

export const DEFAULT_STOP = { signal: 'SIGTERM', killTimeoutMs: 5000 } as const

export const NODE_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/
export const MAX_NODE_NAME_LENGTH = 64
