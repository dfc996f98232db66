export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The `p`th percentile (0–100) of the values, nearest rank; 0 for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits))

export const mib = (bytes: number) => bytes / 1024 / 1024

/** The process's peak resident memory so far, from /proc (VmHWM), in bytes. */
export async function peakRssBytes(): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile('/proc/self/status', 'utf8')
  const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
  return kib ? Number(kib) * 1024 : process.memoryUsage.rss()
}

/**
 * The peak resident memory while `work` runs: the kernel's high-water mark is reset first
 * (writing 5 to /proc/self/clear_refs), so each kind of work in one process gets its own.
 */
export async function peakRssDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  const { writeFile } = await import('node:fs/promises')
  await writeFile('/proc/self/clear_refs', '5').catch(() => {})
  const result = await work()
  return { result, peak: await peakRssBytes() }
}
