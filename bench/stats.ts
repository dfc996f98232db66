export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
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
