import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NodeOutput } from '../../../src/engine/supervisor/output/node-output'

describe('reads of a node output under any mix of streams, limits and budgets', () => {
  it('return a run of lines without gaps, from the end asked for, within the bounds', () => {
    const write = fc.record({
      stream: fc.constantFrom('stdout', 'stderr', 'system'),
      lines: fc.array(fc.string({ maxLength: 30, unit: 'grapheme-ascii' }), {
        minLength: 1,
        maxLength: 5,
      }),
    })
    const query = fc.record({
      afterSeq: fc.nat(40),
      limit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      maxBytes: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
      from: fc.constantFrom('newest' as const, 'oldest' as const),
    })
    fc.assert(
      fc.property(fc.array(write, { maxLength: 30 }), query, (writes, q) => {
        const out = new NodeOutput(20)
        for (const { stream, lines } of writes) {
          const text = lines.map((line) => line.replace(/[\r\n]/g, '')).join('\n')
          if (stream === 'system') out.system(text.replace(/\n/g, ' '))
          else out.write(stream, Buffer.from(`${text}\n`))
        }
        const all = out.read().lines.filter((line) => line.seq > q.afterSeq)
        const got = out.read(q).lines
        const seqs = all.map((line) => line.seq)
        const start = q.from === 'oldest' ? 0 : seqs.length - got.length
        expect(got.map((line) => line.seq)).toEqual(seqs.slice(start, start + got.length))
        if (all.length > 0) expect(got.length).toBeGreaterThan(0)
        if (q.limit !== undefined) expect(got.length).toBeLessThanOrEqual(q.limit)
        const bytes = got.reduce((sum, line) => sum + line.text.length, 0)
        if (q.maxBytes !== undefined && got.length > 1)
          expect(bytes).toBeLessThanOrEqual(q.maxBytes)
      }),
      { numRuns: 500 },
    )
  })
})
