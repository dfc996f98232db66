import { describe, expect, it } from 'vitest'
import { lineAt, WrappedLayout } from '../../../src/renderer/src/log-viewer/row-layout'

const line = (seq: number, text: string) => ({ seq, time: 0, stream: 'stdout' as const, text })

describe('wrapped row layout', () => {
  const layout = new WrappedLayout(18, () => 0)
  const lines = [
    line(1, 'short'),
    line(2, 'x'.repeat(25)),
    line(3, '\u001b[31m'.concat('y'.repeat(10), '\u001b[0m')),
  ]

  it('gives a line as many rows as its text needs, ignoring colour codes', () => {
    expect(lines.map((l) => layout.rowsOf(l, 10))).toEqual([1, 3, 1])
    expect(Array.from(layout.offsets(lines, 10))).toEqual([0, 18, 72, 90])
  })

  it('recomputes when the width changes', () => {
    expect(layout.rowsOf(lines[1]!, 30)).toBe(1)
    expect(layout.rowsOf(lines[1]!, 5)).toBe(5)
  })

  it('finds the line under a vertical position', () => {
    const offsets = layout.offsets(lines, 10)
    expect([0, 17, 18, 71, 72, 89, 500].map((y) => lineAt(offsets, y))).toEqual([
      0, 0, 1, 1, 2, 2, 2,
    ])
  })

  it('counts the prefix a row shows before the text', () => {
    const withPrefix = new WrappedLayout(18, () => 6)
    expect(withPrefix.rowsOf(line(9, 'abcd'), 10)).toBe(1)
    expect(withPrefix.rowsOf(line(10, 'abcde'), 10)).toBe(2)
  })
})
