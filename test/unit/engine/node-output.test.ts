import { describe, expect, it } from 'vitest'
import { NodeOutput } from '../../../src/engine/supervisor/output/node-output'
import { StreamLog } from '../../../src/engine/supervisor/output/stream-log'

describe('StreamLog', () => {
  const run = (from: number, count: number) =>
    Buffer.from(Array.from({ length: count }, (_, i) => `line ${from + i}\n`).join(''))

  it('shows exactly the last `capacity` lines while holding whole chunks', () => {
    const log = new StreamLog(3, 100)
    log.appendRun(run(1, 2), 0, run(1, 2).length, 1, 2, 10)
    log.appendRun(run(3, 2), 0, run(3, 2).length, 3, 2, 20)
    expect(log.read(0, Infinity).map((l) => [l.seq, l.text, l.time])).toEqual([
      [2, 'line 2', 10],
      [3, 'line 3', 20],
      [4, 'line 4', 20],
    ])
    expect(log.size).toBe(3)
    expect(log.evicted).toBe(1)
    log.appendRun(run(5, 3), 0, run(5, 3).length, 5, 3, 30)
    expect(log.read(0, Infinity).map((l) => l.text)).toEqual(['line 5', 'line 6', 'line 7'])
    expect(log.evicted).toBe(4)
  })

  it('reads after a seq and the newest few, across runs and single lines', () => {
    const log = new StreamLog(10, 100)
    log.appendRun(run(1, 3), 0, run(1, 3).length, 1, 3, 0)
    log.appendLine('joined', 0, 6, 4, 0, 2)
    log.appendRun(run(5, 2), 0, run(5, 2).length, 5, 2, 0)
    expect(log.read(2, Infinity).map((l) => l.seq)).toEqual([3, 4, 5, 6])
    expect(log.read(0, 2).map((l) => l.text)).toEqual(['line 5', 'line 6'])
    expect(log.read(0, Infinity)[3]).toEqual({ seq: 4, time: 0, text: 'joined', truncatedBytes: 2 })
    expect(log.read(6, Infinity)).toEqual([])
  })

  it('stays bounded however many chunks arrive', () => {
    const log = new StreamLog(5, 100)
    for (let seq = 1; seq <= 100_000; seq++) log.appendLine(`l${seq}`, 0, 0, seq, 0, 0)
    expect(log.read(0, Infinity).map((l) => l.seq)).toEqual([
      99_996, 99_997, 99_998, 99_999, 100_000,
    ])
    expect(log.evicted).toBe(99_995)
    // What is held, not only what a reader sees: the old lines are gone from memory.
    expect(log.heldLines).toBe(5)
    expect(log.heldBytes).toBeLessThanOrEqual(5 * 'l100000'.length)
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

describe('NodeOutput with interleaved streams', () => {
  it('bounds each stream by position even though its seqs have gaps', () => {
    const out = new NodeOutput(2)
    for (let i = 1; i <= 4; i++) {
      out.write('stdout', Buffer.from(`o${i}\n`))
      out.write('stderr', Buffer.from(`e${i}\n`))
    }
    expect(out.read({ streams: ['stdout'] }).lines.map((l) => [l.seq, l.text])).toEqual([
      [5, 'o3'],
      [7, 'o4'],
    ])
    expect(out.read({ limit: 3 }).lines.map((l) => l.text)).toEqual(
      ['o3', 'e3', 'o4', 'e4'].slice(1),
    )
  })
})

describe('byte bounds and reads from either end', () => {
  const line = (i: number, size: number) => `${String(i).padStart(6, '0')}${'x'.repeat(size - 7)}\n`

  it('holds a stream of 16 KiB lines within its byte bound plus one chunk, however many arrive', () => {
    const out = new NodeOutput(100_000, Date.now, 16 * 1024, 256 * 1024)
    for (let i = 0; i < 5000; i++) out.write('stdout', Buffer.from(line(i, 16 * 1024)))
    const held = out.held().stdout
    expect(held.bytes).toBeLessThanOrEqual(256 * 1024 + 16 * 1024)
    expect(held.bytes).toBeGreaterThan(200 * 1024)
    expect(held.lines).toBeLessThanOrEqual(17)
    const page = out.read()
    expect(page.lines.at(-1)!.text.startsWith('004999')).toBe(true)
    expect(page.evicted.stdout + page.lines.length).toBe(5000)
  })

  it('holds no more lines than its line bound', () => {
    const out = new NodeOutput(50)
    for (let i = 0; i < 2000; i++) out.write('stderr', Buffer.from(`e${i}\n`))
    expect(out.held().stderr.lines).toBeLessThanOrEqual(51)
    expect(out.read().lines).toHaveLength(50)
  })

  it('reads the newest or the oldest lines within a byte budget', () => {
    const out = new NodeOutput(1000)
    for (let i = 0; i < 10; i++) out.write('stdout', Buffer.from(line(i, 100)))
    out.system('s')
    const newest = out.read({ maxBytes: 250 }).lines.map((l) => l.text.slice(0, 6))
    expect(newest).toEqual(['000008', '000009', 's'])
    const oldest = out.read({ from: 'oldest', limit: 3 }).lines.map((l) => l.text.slice(0, 6))
    expect(oldest).toEqual(['000000', '000001', '000002'])
    const budget = out.read({ from: 'oldest', maxBytes: 250 }).lines.map((l) => l.text.slice(0, 6))
    expect(budget).toEqual(['000000', '000001'])
  })

  it('hands out every held line a page at a time, leaving out what comes later', () => {
    const out = new NodeOutput(10_000)
    for (let i = 0; i < 2500; i++) out.write(i % 2 ? 'stdout' : 'stderr', Buffer.from(`l${i}\n`))
    const iterator = out.linesHeld(100)
    const first = iterator.next().value!
    out.write('stdout', Buffer.from('later\n'))
    const rest = [...iterator]
    expect([first, ...rest].map((l) => l.text)).toEqual(
      Array.from({ length: 2500 }, (_, i) => `l${i}`),
    )
    expect(out.size).toBe(2501)
  })
})
