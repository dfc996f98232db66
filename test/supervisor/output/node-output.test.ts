import { describe, expect, it } from 'vitest'
import { LineRing } from '../../../src/main/supervisor/output/line-ring'
import { NodeOutput } from '../../../src/main/supervisor/output/node-output'

describe('LineRing', () => {
  it('keeps the newest lines, counts what it evicts and finds lines after a seq', () => {
    const ring = new LineRing(3)
    for (let seq = 1; seq <= 5; seq++) ring.push(`line ${seq}`, 0, 6, seq, seq * 10, 0)
    expect(ring.size).toBe(3)
    expect(ring.evicted).toBe(2)
    expect([0, 1, 2].map((i) => ring.lineAt(i).text)).toEqual(['line 3', 'line 4', 'line 5'])
    expect(ring.indexAfter(0)).toBe(0)
    expect(ring.indexAfter(3)).toBe(1)
    expect(ring.indexAfter(5)).toBe(3)
  })

  it('decodes byte ranges only when read', () => {
    const ring = new LineRing(2)
    const bytes = Buffer.from('abc\ndéf\n')
    ring.push(bytes, 0, 3, 1, 0, 0)
    ring.push(bytes, 4, 8, 2, 0, 7)
    expect(ring.lineAt(1)).toEqual({ seq: 2, time: 0, text: 'déf', truncatedBytes: 7 })
  })
})

describe('NodeOutput', () => {
  const output = () => {
    let clock = 1000
    const out = new NodeOutput(4, () => clock++)
    out.write('stdout', Buffer.from('o1\no2\n'))
    out.write('stderr', Buffer.from('e1\n'))
    out.system('s1')
    out.write('stdout', Buffer.from('o3\n'))
    return out
  }

  it('numbers lines across streams in arrival order and merges them by seq', () => {
    const page = output().read()
    expect(page.lines.map((l) => [l.seq, l.stream, l.text])).toEqual([
      [1, 'stdout', 'o1'],
      [2, 'stdout', 'o2'],
      [3, 'stderr', 'e1'],
      [4, 'system', 's1'],
      [5, 'stdout', 'o3'],
    ])
    expect(page.nextSeq).toBe(6)
  })

  it('reads the last N, after a seq, and by stream', () => {
    const out = output()
    expect(out.read({ limit: 2 }).lines.map((l) => l.text)).toEqual(['s1', 'o3'])
    expect(out.read({ afterSeq: 3 }).lines.map((l) => l.text)).toEqual(['s1', 'o3'])
    expect(out.read({ streams: ['stdout'], limit: 2 }).lines.map((l) => l.text)).toEqual([
      'o2',
      'o3',
    ])
    expect(out.read({ streams: ['stderr', 'system'] }).lines.map((l) => l.text)).toEqual([
      'e1',
      's1',
    ])
  })

  it('bounds each stream on its own and reports evictions per stream', () => {
    const out = new NodeOutput(4)
    out.write('stdout', Buffer.from('a\nb\nc\nd\ne\nf\n'))
    out.write('stderr', Buffer.from('x\n'))
    const page = out.read()
    expect(page.lines.map((l) => l.text)).toEqual(['c', 'd', 'e', 'f', 'x'])
    expect(page.evicted).toEqual({ stdout: 2, stderr: 0, system: 0 })
  })

  it('tells listeners once per chunk how many lines arrived from which seq', () => {
    const out = new NodeOutput(10)
    const heard: Array<[string, number, number]> = []
    out.onAppend((stream, firstSeq, count) => heard.push([stream, firstSeq, count]))
    out.write('stdout', Buffer.from('a\nb\npartial'))
    out.write('stdout', Buffer.from(' line\n'))
    out.system('hello')
    out.write('stderr', Buffer.from('no newline'))
    out.endStream('stderr')
    expect(heard).toEqual([
      ['stdout', 1, 2],
      ['stdout', 3, 1],
      ['system', 4, 1],
      ['stderr', 5, 1],
    ])
    expect(out.read().lines.map((l) => l.text)).toEqual([
      'a',
      'b',
      'partial line',
      'hello',
      'no newline',
    ])
  })

  it('marks a cut line with how many bytes were dropped', () => {
    const out = new NodeOutput(10, Date.now, 8)
    out.write('stdout', Buffer.from('0123456789abcdef\n'))
    expect(out.read().lines[0]).toMatchObject({ text: '01234567', truncatedBytes: 8 })
  })
})
