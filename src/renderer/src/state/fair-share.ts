/**
 * How many lines each node may keep when together they may keep `bound`: every node gets an
 * equal share, and what a quiet node leaves of its share goes to the others (max-min fair).
 * A node that floods so keeps the most lines, but never pushes a quiet node's lines out.
 */
export function fairShares(
  counts: ReadonlyMap<string, number>,
  bound: number,
): Map<string, number> {
  const shares = new Map<string, number>()
  const byCount = [...counts].sort((a, b) => a[1] - b[1])
  let left = bound
  byCount.forEach(([node, count], index) => {
    const share = Math.min(count, Math.floor(left / (byCount.length - index)))
    shares.set(node, share)
    left -= share
  })
  return shares
}

/** The lines, in their order, less each node's oldest lines beyond its fair share of `bound`. */
export function keepFairShare<T extends { node?: string }>(lines: T[], bound: number): T[] {
  if (lines.length <= bound) return lines
  const counts = new Map<string, number>()
  for (const line of lines) counts.set(line.node ?? '', (counts.get(line.node ?? '') ?? 0) + 1)
  const excess = new Map<string, number>()
  for (const [node, share] of fairShares(counts, bound)) excess.set(node, counts.get(node)! - share)
  return lines.filter((line) => {
    const node = line.node ?? ''
    const over = excess.get(node)!
    if (over === 0) return true
    excess.set(node, over - 1)
    return false
  })
}
