/**
 * The numbers every node gets unless its cluster file says otherwise. They come from the
 * Elixir supervisor Cluster Desk grew from: 1000 lines per stream, 1 s × 2ⁿ backoff capped at 30 s, 5 restarts, 5 s kill timeout,
 * readiness within 30 s, ports from 4001 on 127.0.0.1, at most 50 nodes.
 */
export const DEFAULT_HOST = '127.0.0.1'
export const FIRST_DEFAULT_PORT = 4001
export const DEFAULT_LOG_LINES = 1000
export const MAX_LOG_LINES = 100_000
/**
 * Bytes each stream of a node keeps, whatever the number of lines: 1000 lines of 16 KiB would
 * otherwise hold 16 MiB per stream, and `logLines: 100000` 1.6 GiB. Typical lines are far
 * shorter, so the line count is what usually binds.
 */
export const DEFAULT_LOG_BYTES = 4 * 1024 * 1024
export const MAX_LOG_BYTES = 256 * 1024 * 1024
/** The longest a timer can wait (2³¹−1 ms is about 24.8 days); longer ones fire at once. */
export const MAX_DURATION_MS = 24 * 24 * 60 * 60 * 1000
/**
 * The longest command line: it runs as one argument of `sh -c`, and Linux refuses a single
 * argument over 32 pages (MAX_ARG_STRLEN, 128 KiB) with E2BIG.
 */
export const MAX_COMMAND_BYTES = 128 * 1024 - 1
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
  onUnhealthy: 'report',
} as const

export const DEFAULT_READINESS = {
  timeoutMs: 30_000,
  // The Elixir supervisor polls once a second; a quarter of that shows a ready node sooner at no real cost.
  intervalMs: 250,
  logLine: null,
} as const

export const DEFAULT_WATCH_DEBOUNCE_MS = 500

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
