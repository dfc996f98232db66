import { describe, expect, it } from 'vitest'
import { MAX_EVENT_BYTES, splitBatch, withDropped } from '../../../src/engine/host/event-feed'
import type { LogBatch } from '../../../src/shared/ipc/contract'

const line = (seq: number, bytes: number) => ({
  seq,
  time: seq,
  stream: 'stdout' as const,
  text: `${seq} ${'x'.repeat(bytes)}`,
})

describe('a batch split for the wire', () => {
  it('keeps every message within 1 MiB and every line, in order, once', () => {
    const batch: LogBatch = {
      dropped: 0,
      nodes: [
        {
          node: 'a',
          skipped: 7,
          lines: Array.from({ length: 200 }, (_, i) => line(i + 1, 16_000)),
        },
        { node: 'b', skipped: 0, lines: [line(1, 10)] },
      ],
    }
    const pieces = splitBatch(batch)
    expect(pieces.length).toBeGreaterThan(2)
    for (const piece of pieces)
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(MAX_EVENT_BYTES)
    const parsed = pieces.map((piece) => JSON.parse(piece) as Pick<LogBatch, 'nodes'>)
    const of = (node: string) => parsed.flatMap((p) => p.nodes.filter((n) => n.node === node))
    expect(of('a').flatMap((n) => n.lines.map((l) => l.seq))).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    )
    expect(of('a').map((n) => n.skipped)).toEqual([7, ...Array(of('a').length - 1).fill(0)])
    expect(of('b')).toEqual([{ node: 'b', skipped: 0, lines: [line(1, 10)] }])
  })

  it('is rewritten with the drops of a client that lost batches, and shared as is otherwise', () => {
    const [piece] = splitBatch({
      dropped: 0,
      nodes: [{ node: 'a', skipped: 0, lines: [line(1, 3)] }],
    })
    const shared = Buffer.from(
      `{"type":"event","event":"cd:logs:batch","payload":{"dropped":0,${piece!.slice(1)}}`,
    )
    expect(withDropped(shared, 0)).toBe(shared)
    expect(JSON.parse(String(withDropped(shared, 12)))).toEqual({
      type: 'event',
      event: 'cd:logs:batch',
      payload: { dropped: 12, nodes: [{ node: 'a', skipped: 0, lines: [line(1, 3)] }] },
    })
  })
})
