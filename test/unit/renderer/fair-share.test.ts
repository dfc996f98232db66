import { describe, expect, it } from 'vitest'
import { fairShares, keepFairShare } from '../../../src/renderer/src/state/fair-share'

describe('fair shares of the all-nodes view', () => {
  it('gives a quiet node all its lines and the flooder the rest', () => {
    const shares = fairShares(
      new Map([
        ['flood', 900],
        ['quiet', 30],
        ['mid', 200],
      ]),
      300,
    )
    expect(shares.get('quiet')).toBe(30)
    expect(shares.get('mid')).toBe(135)
    expect(shares.get('flood')).toBe(135)
  })

  it('keeps every line when under the bound', () => {
    const lines = [{ node: 'a' }, { node: 'b' }]
    expect(keepFairShare(lines, 5)).toBe(lines)
  })

  it("drops the flooder's oldest lines and none of a quiet node's", () => {
    const lines = [
      { node: 'quiet', n: 0 },
      ...Array.from({ length: 10 }, (_, n) => ({ node: 'flood', n })),
      { node: 'quiet', n: 1 },
    ]
    const kept = keepFairShare(lines, 6)
    expect(kept.filter((line) => line.node === 'quiet').map((line) => line.n)).toEqual([0, 1])
    expect(kept.filter((line) => line.node === 'flood').map((line) => line.n)).toEqual([6, 7, 8, 9])
    expect(kept).toHaveLength(6)
  })
})
