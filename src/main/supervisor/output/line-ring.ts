/**
 * A fixed-size store of one stream's most recent lines.
 *
 * Writing a line allocates nothing: the line stays as a byte range of the chunk it arrived in
 * (or a string, for the engine's own messages) in parallel arrays, and is decoded only when
 * someone reads it. That is what lets a node print millions of lines a second through the
 * engine at the speed of `cat`. When full, the oldest line is overwritten and counted as evicted.
 * Sequence numbers only grow, so a reader can ask for "everything after seq N".
 */
export class LineRing {
  private readonly sources: Array<Buffer | string | undefined>
  private readonly starts: Int32Array
  private readonly ends: Int32Array
  private readonly seqs: Float64Array
  private readonly times: Float64Array
  private readonly truncated: Float64Array
  /** Slot the next line goes into. */
  private head = 0
  size = 0
  evicted = 0

  constructor(readonly capacity: number) {
    this.sources = new Array(capacity)
    this.starts = new Int32Array(capacity)
    this.ends = new Int32Array(capacity)
    this.seqs = new Float64Array(capacity)
    this.times = new Float64Array(capacity)
    this.truncated = new Float64Array(capacity)
  }

  push(
    source: Buffer | string,
    start: number,
    end: number,
    seq: number,
    time: number,
    truncatedBytes: number,
  ): void {
    const slot = this.head
    this.sources[slot] = source
    this.starts[slot] = start
    this.ends[slot] = end
    this.seqs[slot] = seq
    this.times[slot] = time
    this.truncated[slot] = truncatedBytes
    this.head = slot + 1 === this.capacity ? 0 : slot + 1
    if (this.size < this.capacity) this.size++
    else this.evicted++
  }

  /** Slot of the i-th oldest line held (0 ≤ i < size). */
  private slotAt(i: number): number {
    return (this.head - this.size + i + this.capacity) % this.capacity
  }

  seqAt(i: number): number {
    return this.seqs[this.slotAt(i)]!
  }

  /** Index (0 = oldest held) of the first line whose seq is greater than `seq`. */
  indexAfter(seq: number): number {
    let low = 0
    let high = this.size
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.seqAt(middle) <= seq) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Decodes the i-th oldest line held. Invalid UTF-8 becomes U+FFFD, never an error. */
  lineAt(i: number): { seq: number; time: number; text: string; truncatedBytes: number } {
    const slot = this.slotAt(i)
    const source = this.sources[slot]!
    return {
      seq: this.seqs[slot]!,
      time: this.times[slot]!,
      text:
        typeof source === 'string'
          ? source
          : source.toString('utf8', this.starts[slot]!, this.ends[slot]!),
      truncatedBytes: this.truncated[slot]!,
    }
  }

  clear(): void {
    this.sources.fill(undefined)
    this.size = 0
    this.head = 0
  }
}
