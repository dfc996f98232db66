import { randomUUID } from 'node:crypto'
import { MAX_LINE_BYTES } from '../../../shared/cluster/defaults'
import type { LogLine, LogPage, LogQuery } from '../../../shared/domain/logs'
import { LOG_STREAMS, type LogStream } from '../../../shared/domain/node'
import { type LineSink, LineSplitter } from './line-splitter'
import { StreamLog } from './stream-log'

export type AppendListener = (stream: LogStream, firstSeq: number, count: number) => void

type OutputStream = 'stdout' | 'stderr'

/**
 * Everything a node has printed, bounded: one log per stream (stdout, stderr and `system`, the
 * engine's own messages), with one sequence counter across the three so lines merge in the
 * order they arrived. Survives restarts: a failed node keeps its last output.
 *
 * Listeners hear "n lines appended from seq s" once per chunk, not once per line, and read the
 * lines themselves if they want them, so a flood costs nothing when nobody is watching.
 */
export class NodeOutput {
  private readonly logs: Record<LogStream, StreamLog>
  private readonly splitters: Record<OutputStream, LineSplitter>
  private readonly sinks: Record<OutputStream, LineSink>
  private readonly listeners = new Set<AppendListener>()
  private seq = 1
  private chunkTime = 0
  /** Tells this output's seqs from those of an earlier engine or cluster load. */
  private readonly origin = randomUUID()

  constructor(
    capacity: number,
    private readonly now: () => number = Date.now,
    maxLineBytes = MAX_LINE_BYTES,
    /** Bytes each stream may keep, whatever the number of lines. */
    capacityBytes = Number.POSITIVE_INFINITY,
  ) {
    const log = () => new StreamLog(capacity, maxLineBytes, capacityBytes)
    this.logs = { stdout: log(), stderr: log(), system: log() }
    this.splitters = {
      stdout: new LineSplitter(maxLineBytes),
      stderr: new LineSplitter(maxLineBytes),
    }
    const sinkFor = (log: StreamLog): LineSink => ({
      run: (bytes, start, end, count) => {
        log.appendRun(bytes, start, end, this.seq, count, this.chunkTime)
        this.seq += count
      },
      line: (bytes, start, end, truncatedBytes) => {
        log.appendLine(bytes, start, end, this.seq++, this.chunkTime, truncatedBytes)
      },
    })
    this.sinks = { stdout: sinkFor(this.logs.stdout), stderr: sinkFor(this.logs.stderr) }
  }

  /** seq the next line will get. */
  get nextSeq(): number {
    return this.seq
  }

  write(stream: OutputStream, chunk: Buffer): void {
    const firstSeq = this.seq
    this.chunkTime = this.now()
    this.splitters[stream].push(chunk, this.sinks[stream])
    this.notify(stream, firstSeq)
  }

  /** The stream closed: its unfinished last line becomes a line. */
  endStream(stream: OutputStream): void {
    const firstSeq = this.seq
    this.chunkTime = this.now()
    this.splitters[stream].end(this.sinks[stream])
    this.notify(stream, firstSeq)
  }

  /** One of the engine's own messages ("started pid 4242"), in the node's log. */
  system(text: string): void {
    const seq = this.seq++
    this.logs.system.appendLine(text, 0, text.length, seq, this.now(), 0)
    this.notify('system', seq)
  }

  /** The texts of the last `limit` lines of `streams` after `afterSeq`, for a diagnosis. */
  tail(streams: LogStream[], afterSeq: number, limit: number): string[] {
    return this.read({ streams, afterSeq, limit }).lines.map((line) => line.text)
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Lines with seq > afterSeq, oldest first: the newest `limit` (or, with from "oldest", the
   * oldest), holding at most `maxBytes` of text.
   */
  read(query: LogQuery = {}): LogPage {
    const streams = query.streams ?? LOG_STREAMS
    const afterSeq = query.afterSeq ?? 0
    const limit = query.limit ?? Number.POSITIVE_INFINITY
    const oldest = query.from === 'oldest'
    const options = { from: query.from, maxBytes: query.maxBytes }
    let lines: LogLine[] = []
    // Where a stream's read was cut short: past it, other streams' lines would skip its own.
    let cutoff: number | undefined
    for (const stream of streams) {
      const log = this.logs[stream]
      const found = log.read(afterSeq, limit, options)
      for (const { truncatedBytes, ...line } of found) {
        lines.push(truncatedBytes > 0 ? { ...line, stream, truncatedBytes } : { ...line, stream })
      }
      const first = found[0]?.seq
      const last = found.at(-1)?.seq
      if (oldest && last !== undefined && last < log.lastSeq) {
        cutoff = Math.min(cutoff ?? last, last)
      } else if (!oldest && first !== undefined && first !== log.firstSeqAfter(afterSeq)) {
        cutoff = Math.max(cutoff ?? first, first)
      }
    }
    if (streams.length > 1) {
      lines.sort((a, b) => a.seq - b.seq)
      if (cutoff !== undefined) {
        const edge = cutoff
        lines = lines.filter((line) => (oldest ? line.seq <= edge : line.seq >= edge))
      }
      lines = keepWithin(lines, limit, query.maxBytes, oldest)
    }
    return {
      lines,
      nextSeq: this.seq,
      origin: this.origin,
      evicted: {
        stdout: this.logs.stdout.evicted,
        stderr: this.logs.stderr.evicted,
        system: this.logs.system.evicted,
      },
    }
  }

  /** Lines a reader can see now, across the three streams. */
  get size(): number {
    return this.logs.stdout.size + this.logs.stderr.size + this.logs.system.size
  }

  /**
   * Every line held now, oldest first, read a page at a time so that a reader (an export)
   * never holds the whole log. Lines printed after the call are left out; lines pushed out of
   * the buffer while the reader is still busy are skipped.
   */
  *linesHeld(pageLines = 1000): Generator<LogLine> {
    const until = this.seq
    let after = 0
    for (;;) {
      const page = this.read({ afterSeq: after, limit: pageLines, from: 'oldest' }).lines
      for (const line of page) {
        if (line.seq >= until) return
        yield line
      }
      if (page.length < pageLines) return
      after = page.at(-1)!.seq
    }
  }

  /** What each stream holds now: the numbers its bounds limit. */
  held(): Record<LogStream, { lines: number; bytes: number }> {
    const of = (log: StreamLog) => ({ lines: log.heldLines, bytes: log.heldBytes })
    return {
      stdout: of(this.logs.stdout),
      stderr: of(this.logs.stderr),
      system: of(this.logs.system),
    }
  }

  private notify(stream: LogStream, firstSeq: number): void {
    const count = this.seq - firstSeq
    if (count === 0 || this.listeners.size === 0) return
    for (const listener of this.listeners) listener(stream, firstSeq, count)
  }
}

/** The lines a merged read may return: `limit` of them and `maxBytes` of text from one end. */
function keepWithin(
  lines: LogLine[],
  limit: number,
  maxBytes = Number.POSITIVE_INFINITY,
  fromOldest: boolean,
): LogLine[] {
  const ordered = fromOldest ? lines : [...lines].reverse()
  let bytes = 0
  let count = 0
  while (count < ordered.length && count < limit) {
    bytes += ordered[count]!.text.length
    if (bytes > maxBytes && count > 0) break
    count++
  }
  if (count === lines.length) return lines
  return fromOldest ? lines.slice(0, count) : lines.slice(lines.length - count)
}
