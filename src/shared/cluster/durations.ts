const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 }

/**
 * Reads a duration as written in a cluster file: a number of milliseconds, or a string such as
 * "500ms", "5s" or "1m". Returns undefined when it is neither.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = DURATION_PATTERN.exec(value)
  if (!match) return value.trim().startsWith('-') ? Number.NaN : undefined
  return Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!
}

/** "1.5 s", "250 ms", "2 min": for people, not for parsing back. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`
  return `${Number((ms / 60_000).toFixed(1))} min`
}
