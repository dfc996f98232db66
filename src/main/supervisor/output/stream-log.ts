import { utf8SafeEnd } from './line-splitter'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/**
 * Complete lines that arrived together: either a run of "\n"-terminated lines inside one chunk
 * (found again only when read), or a single line already cut to size (a line joined across
 * chunks, or one of the engine's own messages).
 */
interface Segment {
  source: Buffer | string
  start: number
  end: number
  firstSeq: number
  count: number
  time: number
  /** Only for a single prepared line: bytes cut from it. */
  truncatedBytes: number
  /** A run of lines that still carry their "\n" and may need cutting when read. */
  raw: boolean
}

export interface StoredLine {
  seq: number
  time: number
  text: string
  truncatedBytes: number
}

/**
 * The most recent `capacity` lines of one stream.
 *
 * A chunk of output is stored as one segment after its newlines are counted, without finding
 * each line: boundaries are found again only when someone reads, which is rare next to the
 * rate a flooding node writes at. Sequence numbers inside a segment are consecutive, so seq
 * arithmetic finds any line. Whole segments are dropped from the front once the segments after
 * them still hold `capacity` lines; lines past `capacity` that are still held are invisible to
 * readers and already counted as evicted, so what readers see is exactly the last `capacity`.
 */
export class StreamLog {
  private segments: Segment[] = []
  private head = 0
  /** Lines held in segments[head…]; may exceed capacity by less than one segment. */
  private held = 0
  private droppedSegments = 0

  constructor(
    readonly capacity: number,
    private readonly maxLineBytes: number,
  ) {}

  get size(): number {
    return Math.min(this.held, this.capacity)
  }

  get evicted(): number {
    return this.droppedSegments + Math.max(0, this.held - this.capacity)
  }

  /** `count` complete lines in bytes[start, end), each ending with "\n". */
  appendRun(
    bytes: Buffer,
    start: number,
    end: number,
    firstSeq: number,
    count: number,
    time: number,
  ) {
    this.push({ source: bytes, start, end, firstSeq, count, time, truncatedBytes: 0, raw: true })
  }

  /** One line, already without its "\n" and cut to size. */
  appendLine(
    source: Buffer | string,
    start: number,
    end: number,
    seq: number,
    time: number,
    truncatedBytes: number,
  ) {
    this.push({ source, start, end, firstSeq: seq, count: 1, time, truncatedBytes, raw: false })
  }

  private push(segment: Segment): void {
    this.segments.push(segment)
    this.held += segment.count
    let first = this.segments[this.head]!
    while (this.held - first.count >= this.capacity) {
      this.held -= first.count
      this.droppedSegments += first.count
      this.segments[this.head] = undefined as unknown as Segment
      this.head++
      first = this.segments[this.head]!
    }
    // Compact now and then so the array does not grow with everything ever dropped.
    if (this.head > 1024 && this.head * 2 > this.segments.length) {
      this.segments = this.segments.slice(this.head)
      this.head = 0
    }
  }

  /**
   * seq of the oldest line among the newest `count` held. Seqs are consecutive inside a
   * segment but not across segments (other streams take the numbers in between), so this
   * counts lines segment by segment from the end.
   */
  private seqOfNewest(count: number): number {
    let remaining = count
    for (let i = this.segments.length - 1; i >= this.head; i--) {
      const segment = this.segments[i]!
      if (segment.count >= remaining) return segment.firstSeq + segment.count - remaining
      remaining -= segment.count
    }
    return this.segments[this.head]?.firstSeq ?? 0
  }

  /** Visible lines with seq > afterSeq, at most the newest `limit`, oldest first. */
  read(afterSeq: number, limit: number): StoredLine[] {
    const lines: StoredLine[] = []
    if (this.held === 0 || limit <= 0) return lines
    const from = Math.max(afterSeq + 1, this.seqOfNewest(Math.min(this.size, limit)))
    for (let i = this.head; i < this.segments.length; i++) {
      const segment = this.segments[i]!
      if (segment.firstSeq + segment.count - 1 < from) continue
      if (segment.raw) {
        this.readRun(segment, from, lines)
        continue
      }
      const { source, start, end } = segment
      const text = typeof source === 'string' ? source : source.toString('utf8', start, end)
      lines.push({
        seq: segment.firstSeq,
        time: segment.time,
        text,
        truncatedBytes: segment.truncatedBytes,
      })
    }
    return lines
  }

  private readRun(segment: Segment, from: number, lines: StoredLine[]): void {
    const bytes = segment.source as Buffer
    let lineStart = segment.start
    for (let seq = segment.firstSeq; seq < segment.firstSeq + segment.count; seq++) {
      const newline = bytes.indexOf(NEWLINE, lineStart)
      if (seq >= from) {
        let lineEnd = newline
        if (lineEnd > lineStart && bytes[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--
        let truncatedBytes = 0
        if (lineEnd - lineStart > this.maxLineBytes) {
          const cut = utf8SafeEnd(bytes, lineStart, lineStart + this.maxLineBytes)
          truncatedBytes = lineEnd - cut
          lineEnd = cut
        }
        lines.push({
          seq,
          time: segment.time,
          text: bytes.toString('utf8', lineStart, lineEnd),
          truncatedBytes,
        })
      }
      lineStart = newline + 1
    }
  }
}
