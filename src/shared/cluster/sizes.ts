const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
}

/**
 * Reads a size as written in a cluster file: a number of bytes, or a string such as "512KiB",
 * "4MiB" or "1GB". Returns undefined when it is neither.
 */
export function parseSizeBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = SIZE_PATTERN.exec(value)
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()]!)
}

/** "4 MiB", "512 KiB", "900 B": for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${Number((bytes / 1024).toFixed(1))} KiB`
  if (bytes < 1024 ** 3) return `${Number((bytes / 1024 ** 2).toFixed(1))} MiB`
  return `${Number((bytes / 1024 ** 3).toFixed(1))} GiB`
}
