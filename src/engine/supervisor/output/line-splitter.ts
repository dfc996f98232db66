import { MAX_LINE_BYTES } from '../../../shared/cluster/defaults'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/** Receives complete lines; byte ranges stay valid for as long as `bytes` is kept. */
export interface LineSink {
  /** `count` lines in bytes[start, end), each still ending with "\n" (and maybe "\r\n"). */
  run(bytes: Buffer, start: number, end: number, count: number): void
  /** One line, its "\n" and "\r" already dropped and cut to the limit. */
  line(bytes: Buffer, start: number, end: number, truncatedBytes: number): void
}

/**
 * Splits a byte stream into lines without decoding it.
 *
 * Lines end at "\n". Splitting bytes rather than text is what makes this UTF-8 safe across
 * chunk boundaries: 0x0A never occurs inside a multibyte character, so a character cut by a
 * chunk boundary is rejoined with its line before anyone decodes it. The complete lines of a
 * chunk go out as one run after their newlines are counted, which is all a flood costs. The
 * unfinished last line is held until the next chunk or `end()`, keeping at most `maxLineBytes`
 * of it (never half a character) and counting the rest as cut, so one 1 GB line costs no more
 * than a 16 KiB one.
 */
export class LineSplitter {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private droppedBytes = 0
  private lastByte = -1

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  push(chunk: Buffer, sink: LineSink): void {
    let start = 0
    let newline = chunk.indexOf(NEWLINE)
    if (this.lastByte !== -1) {
      if (newline === -1) {
        this.hold(chunk, 0, chunk.length)
        return
      }
      this.hold(chunk, 0, newline)
      this.flushPending(sink)
      start = newline + 1
      newline = chunk.indexOf(NEWLINE, start)
    }
    if (newline !== -1) {
      let count = 0
      let last = newline
      while (newline !== -1) {
        count++
        last = newline
        newline = chunk.indexOf(NEWLINE, newline + 1)
      }
      sink.run(chunk, start, last + 1, count)
      start = last + 1
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length)
  }

  /** The stream ended: a last line without "\n" is still a line. */
  end(sink: LineSink): void {
    if (this.lastByte !== -1) this.flushPending(sink)
  }

  /** Keeps up to maxLineBytes of the unfinished line, copied so the chunk can be freed. */
  private hold(chunk: Buffer, start: number, end: number): void {
    if (end > start) this.lastByte = chunk[end - 1]!
    const room = this.maxLineBytes + 1 - this.pendingBytes // +1: a trailing "\r" may still go
    const take = Math.max(0, Math.min(room, end - start))
    if (take > 0) {
      this.pending.push(Buffer.from(chunk.subarray(start, start + take)))
      this.pendingBytes += take
    }
    this.droppedBytes += end - start - take
  }

  private flushPending(sink: LineSink): void {
    const line = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
    let keptEnd = line.length
    let dropped = this.droppedBytes
    if (this.lastByte === CARRIAGE_RETURN) {
      if (dropped > 0) dropped--
      else keptEnd--
    }
    if (keptEnd > this.maxLineBytes) {
      const cut = utf8SafeEnd(line, 0, this.maxLineBytes)
      dropped += keptEnd - cut
      keptEnd = cut
    }
    this.pending = []
    this.pendingBytes = 0
    this.droppedBytes = 0
    this.lastByte = -1
    sink.line(line, 0, keptEnd, dropped)
  }
}

/** Moves `end` back so the range does not finish in the middle of a UTF-8 character. */
export function utf8SafeEnd(bytes: Buffer, start: number, end: number): number {
  for (let i = end - 1; i >= Math.max(start, end - 4); i--) {
    const byte = bytes[i]!
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: keep looking for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return i + length > end ? i : end
  }
  return end
}
