import { describe, expect, it } from 'vitest'
import { NodeOutput } from '../../../src/engine/supervisor/output/node-output'
import { MAX_LINE_BYTES } from '../../../src/shared/cluster/defaults'

interface Collected {
  text: string
  truncatedBytes: number
}

/** Feeds chunks through the splitter and reads back what a reader of the node's log sees. */
function split(
  chunks: Array<Buffer | string>,
  maxLineBytes = MAX_LINE_BYTES,
  end = true,
): Collected[] {
  const output = new NodeOutput(1_000_000, Date.now, maxLineBytes)
  for (const chunk of chunks)
    output.write('stdout', Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  if (end) output.endStream('stdout')
  return output
    .read()
    .lines.map((line) => ({ text: line.text, truncatedBytes: line.truncatedBytes ?? 0 }))
}

const texts = (lines: Collected[]) => lines.map((line) => line.text)

describe('splitting output into lines', () => {
  it('splits on newlines and keeps empty lines', () => {
    expect(texts(split(['a\nb\n\nc\n']))).toEqual(['a', 'b', '', 'c'])
  })

  it('joins a line cut across chunks', () => {
    expect(texts(split(['hel', 'lo wo', 'rld\nnext\n']))).toEqual(['hello world', 'next'])
  })

  it('drops the carriage return of CRLF, also when CR and LF arrive in different chunks', () => {
    expect(texts(split(['one\r\ntwo\r', '\nthree\r\n']))).toEqual(['one', 'two', 'three'])
  })

  it('keeps a carriage return that is not followed by a newline', () => {
    expect(texts(split(['progress 10%\rprogress 20%\n']))).toEqual(['progress 10%\rprogress 20%'])
  })

  it('keeps a last line without newline, but only once the stream ends', () => {
    expect(texts(split(['first\nlast'], undefined, false))).toEqual(['first'])
    expect(texts(split(['first\nlast']))).toEqual(['first', 'last'])
  })

  it('rejoins a multibyte character split between chunks, byte by byte', () => {
    const bytes = Buffer.from('héllo → 世界 🎉\n')
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte]))
    expect(texts(split(chunks))).toEqual(['héllo → 世界 🎉'])
  })

  it('turns invalid UTF-8 into replacement characters without throwing', () => {
    const lines = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0xc3, 0x0a])])
    expect(texts(lines)).toEqual(['a\uFFFD\uFFFDb', '\uFFFD'])
  })

  it('cuts a line over the limit, marks how much was cut and never splits a character', () => {
    const line = `${'é'.repeat(10)}\n` // 20 bytes of text
    expect(split([line], 7)).toEqual([{ text: 'ééé', truncatedBytes: 14 }])
    // The same line cut while joined across chunks:
    expect(split(['éé', `${'é'.repeat(8)}\r\n`], 7)).toEqual([{ text: 'ééé', truncatedBytes: 14 }])
  })

  it('cuts a 1 MB line arriving in small chunks while holding at most the limit', () => {
    const chunk = Buffer.alloc(64 * 1024, 'x')
    const chunks = Array.from({ length: 16 }, () => chunk)
    const lines = split([...chunks, 'tail\nafter\n'], 16 * 1024)
    expect(lines).toHaveLength(2)
    expect(lines[0]!.text).toBe('x'.repeat(16 * 1024))
    expect(lines[0]!.truncatedBytes).toBe(16 * 64 * 1024 + 4 - 16 * 1024)
    expect(lines[1]).toEqual({ text: 'after', truncatedBytes: 0 })
  })

  it('does not count the CR of a cut CRLF line as cut text', () => {
    const [cut] = split(['abcdefghij', '\r\n'], 4)
    expect(cut).toEqual({ text: 'abcd', truncatedBytes: 6 })
  })

  it('keeps a line exactly at the limit whole', () => {
    expect(split(['abcd\r\n'], 4)).toEqual([{ text: 'abcd', truncatedBytes: 0 }])
    expect(split(['ab', 'cd\r', '\n'], 4)).toEqual([{ text: 'abcd', truncatedBytes: 0 }])
  })
})
