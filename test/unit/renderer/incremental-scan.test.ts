import { describe, expect, it } from 'vitest'
import { IncrementalScan } from '../../../src/renderer/src/log-viewer/incremental-scan'

describe('IncrementalScan', () => {
  it('scans only appended items while the list grows at its end', () => {
    const seen: number[] = []
    const scan = new IncrementalScan<number, number>((item) => {
      seen.push(item)
      return item % 2 === 0 ? item : undefined
    })
    const list = [1, 2, 3]
    expect(scan.over(list, 'even')).toEqual([2])
    list.push(4, 5, 6)
    expect(scan.over(list, 'even')).toEqual([2, 4, 6])
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('starts over when the front was trimmed, the list replaced or the criteria changed', () => {
    let scans = 0
    const scan = new IncrementalScan<number, number>((item) => {
      scans++
      return item
    })
    const list = [1, 2, 3]
    scan.over(list, 'a')
    list.splice(0, 1)
    list.push(4)
    expect(scan.over(list, 'a')).toEqual([2, 3, 4])
    expect(scan.over([...list], 'a')).toEqual([2, 3, 4])
    expect(scan.over(list, 'b')).toEqual([2, 3, 4])
    expect(scans).toBe(3 + 3 + 3 + 3)
  })
})
