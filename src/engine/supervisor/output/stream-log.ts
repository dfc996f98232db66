import { utf8SafeEnd } from './line-splitter'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/**
 * Complete lines that arrived together: either a run of "\n"-terminated lines inside one chunk
 * (found again only when read), or a single line already cut to size and decoded (a line joined
 * across chunks, or one of the engine's own messages).
 */
interface Segment {
  /** The chunk a run was read from, or the text of a single line. */
  source: Buffer | string
  start: number
  end: number
  firstSeq: number
  count: number
  time: number
  /** Only for a single prepared line: bytes cut from it. */
  truncatedBytes: number
  /** Memory the segment keeps alive: the whole chunk of a run, the text of a line. */
  bytes: number
}

export interface StoredLine {
  seq: number
  time: number
  text: string
  truncatedBytes: number
}

/** Which end of the log a read starts from when it may return only `limit` lines. */
export interface ReadOptions {
  /** "newest" (the default): the newest lines after `afterSeq`; "oldest": the oldest. */
  from?: 'newest' | 'oldest'
  /** At most this many bytes of text, counting from the same end. */
  maxBytes?: number
}

/** A line found but not decoded yet: reads pick lines by position and size first. */
interface LineRef {
  segment: Segment
  seq: number
  start: number
  end: number
  truncatedBytes: number
}

/**
 * The most recent lines of one stream, bounded by a number of lines and by bytes.
 *
 * A chunk of output is stored as one segment after its newlines are counted, without finding
 * each line: boundaries are found again only when someone reads, which is rare next to the
 * rate a flooding node writes at. Sequence numbers inside a segment are consecutive, so seq
 * arithmetic finds any line. Whole segments are dropped from the front once the segments after
 * them still hold `capacity` lines or `capacityBytes` bytes, so memory stays within the bound
 * plus one chunk. Lines past `capacity` that are still held are invisible to readers and
 * already counted as evicted, so what readers see is at most the last `capacity`.
 */
export class StreamLog {
  private segments: Segment[] = []
  private head = 0
  /** Lines held in segments[head…]; may exceed capacity by less than one segment. */
  private held = 0
  private bytesHeld = 0
  private droppedSegments = 0

  constructor(
    readonly capacity: number,
    private readonly maxLineBytes: number,
    readonly capacityBytes = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return Math.min(this.held, this.capacity)
  }

  /** Memory the held lines keep alive, in bytes: what the byte bound limits. */
  get heldBytes(): number {
    return this.bytesHeld
  }

  /** Lines held, visible or not yet dropped: what the line bound limits. */
  get heldLines(): number {
    return this.held
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
    this.push({
      source: bytes,
      start,
      end,
      firstSeq,
      count,
      time,
      truncatedBytes: 0,
      bytes: bytes.byteLength,
    })
  }

  /**
   * One line, already without its "\n" and cut to size. It is decoded now: a small buffer may
   * be a slice of a shared pool, and keeping it would keep the whole pool alive.
   */
  appendLine(
    source: Buffer | string,
    start: number,
    end: number,
    seq: number,
    time: number,
    truncatedBytes: number,
  ) {
    const text =
      typeof source === 'string' ? source.slice(start, end) : source.toString('utf8', start, end)
    this.push({
      source: text,
      start: 0,
      end: text.length,
      firstSeq: seq,
      count: 1,
      time,
      truncatedBytes,
      bytes: text.length,
    })
  }

  private push(segment: Segment): void {
    this.segments.push(segment)
    this.held += segment.count
    this.bytesHeld += segment.bytes
    let first = this.segments[this.head]!
    while (
      first !== segment &&
      (this.held - first.count >= this.capacity ||
        this.bytesHeld - first.bytes >= this.capacityBytes)
    ) {
      this.held -= first.count
      this.bytesHeld -= first.bytes
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

  /** seq of the newest line held, 0 when empty. */
  get lastSeq(): number {
    const last = this.segments.at(-1)
    return this.held === 0 || !last ? 0 : last.firstSeq + last.count - 1
  }

  /** seq of the first visible line after `afterSeq`, if there is one. */
  firstSeqAfter(afterSeq: number): number | undefined {
    const from = Math.max(afterSeq + 1, this.seqOfNewest(this.size))
    for (let i = this.head; i < this.segments.length; i++) {
      const segment = this.segments[i]!
      const last = segment.firstSeq + segment.count - 1
      if (last >= from) return Math.max(from, segment.firstSeq)
    }
    return undefined
  }

  /**
   * seq of the oldest among the newest `count` visible lines. Seqs are consecutive inside a
   * segment but not across segments (other streams take the numbers in between), so this
   * counts lines segment by segment from the end.
   */
  private seqOfNewest(count: number): number {
    let remaining = Math.min(this.size, count)
    for (let i = this.segments.length - 1; i >= this.head; i--) {
      const segment = this.segments[i]!
      if (segment.count >= remaining) return segment.firstSeq + segment.count - remaining
      remaining -= segment.count
    }
    return this.segments[this.head]?.firstSeq ?? 0
  }

  /**
   * Visible lines with seq > afterSeq, oldest first: at most `limit` of them and `maxBytes` of
   * text, taken from the newest end unless `from` says "oldest". Only the lines returned are
   * decoded, so a small read of a large log costs little.
   */
  read(afterSeq: number, limit: number, options: ReadOptions = {}): StoredLine[] {
    if (this.held === 0 || limit <= 0) return []
    const oldest = options.from === 'oldest'
    const from = Math.max(afterSeq + 1, this.seqOfNewest(oldest ? this.size : limit))
    const refs = this.lineRefs(from, oldest ? limit : Number.POSITIVE_INFINITY)
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
    let chosen: LineRef[]
    if (oldest) {
      let bytes = 0
      let count = 0
      while (count < refs.length && count < limit) {
        bytes += refs[count]!.end - refs[count]!.start
        if (bytes > maxBytes && count > 0) break
        count++
      }
      chosen = refs.slice(0, count)
    } else {
      let bytes = 0
      let first = refs.length
      while (first > 0 && refs.length - first < limit) {
        bytes += refs[first - 1]!.end - refs[first - 1]!.start
        if (bytes > maxBytes && first < refs.length) break
        first--
      }
      chosen = refs.slice(first)
    }
    return chosen.map((ref) => this.decode(ref))
  }

  /** Up to `most` visible lines with seq ≥ from, oldest first, located but not decoded. */
  private lineRefs(from: number, most: number): LineRef[] {
    const refs: LineRef[] = []
    for (let i = this.head; i < this.segments.length && refs.length < most; i++) {
      const segment = this.segments[i]!
      if (segment.firstSeq + segment.count - 1 < from) continue
      if (typeof segment.source === 'string') {
        refs.push({
          segment,
          seq: segment.firstSeq,
          start: segment.start,
          end: segment.end,
          truncatedBytes: segment.truncatedBytes,
        })
        continue
      }
      this.runRefs(segment, segment.source, from, refs)
    }
    return refs.length > most ? refs.slice(0, most) : refs
  }

  private runRefs(segment: Segment, bytes: Buffer, from: number, refs: LineRef[]): void {
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
        refs.push({ segment, seq, start: lineStart, end: lineEnd, truncatedBytes })
      }
      lineStart = newline + 1
    }
  }

  private decode(ref: LineRef): StoredLine {
    const { source, time } = ref.segment
    const text =
      typeof source === 'string'
        ? source.slice(ref.start, ref.end)
        : source.toString('utf8', ref.start, ref.end)
    return { seq: ref.seq, time, text, truncatedBytes: ref.truncatedBytes }
  }
}
