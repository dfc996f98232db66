import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NodeOutput } from '../../../src/engine/supervisor/output/node-output'

// Small, so that cut lines, and cuts landing inside a multibyte character, come up often.
const LIMIT = 12

/** What a reader of the log must see, computed the plain way from the whole byte string. */
function reference(bytes: Uint8Array): Array<{ text: string; truncatedBytes: number }> {
  const lines: Array<{ text: string; truncatedBytes: number }> = []
  let start = 0
  const take = (from: number, to: number) => {
    let end = to
    if (end > from && bytes[end - 1] === 0x0d) end--
    let kept = Math.min(end, from + LIMIT)
    if (end - from > LIMIT) {
      // never end inside a UTF-8 character
      for (let i = kept - 1; i >= Math.max(from, kept - 4); i--) {
        const byte = bytes[i]!
        if ((byte & 0xc0) === 0x80) continue
        const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
        if (i + length > kept) kept = i
        break
      }
    }
    lines.push({
      text: Buffer.from(bytes.subarray(from, kept)).toString('utf8'),
      truncatedBytes: end - kept,
    })
  }
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      take(start, i)
      start = i + 1
    }
  }
  if (start < bytes.length) take(start, bytes.length)
  return lines
}

/** Bytes that are mostly text, with newlines, CRs, multibyte characters and invalid bytes. */
const character = fc.oneof(
  { arbitrary: fc.constantFrom([0x0a], [0x0d, 0x0a], [0x0d]), weight: 2 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((b) => [b]), weight: 10 },
  {
    arbitrary: fc.constantFrom([0xc3, 0xa9], [0xe4, 0xb8, 0x96], [0xf0, 0x9f, 0x98, 0x80]),
    weight: 5,
  },
  { arbitrary: fc.constantFrom([0xff], [0xfe], [0x80], [0xe4, 0xb8]), weight: 1 },
)
const logBytes = fc
  .array(character, { maxLength: 200 })
  .map((characters) => Uint8Array.from(characters.flat()))

describe('splitting output into lines, for any bytes and any chunking', () => {
  it('matches the plain split of the whole stream', () => {
    fc.assert(
      fc.property(
        logBytes,
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 30 }),
        (bytes, sizes) => {
          const output = new NodeOutput(10_000, Date.now, LIMIT)
          let offset = 0
          let next = 0
          while (offset < bytes.length) {
            const size = sizes[next++ % sizes.length]!
            output.write('stdout', Buffer.from(bytes.subarray(offset, offset + size)))
            offset += size
          }
          output.endStream('stdout')
          const seen = output
            .read()
            .lines.map((line) => ({ text: line.text, truncatedBytes: line.truncatedBytes ?? 0 }))
          expect(seen).toEqual(reference(bytes))
        },
      ),
      { numRuns: 500 },
    )
  })
})
