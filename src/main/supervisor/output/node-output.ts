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

  constructor(
    capacity: number,
    private readonly now: () => number = Date.now,
    maxLineBytes = MAX_LINE_BYTES,
  ) {
    const log = () => new StreamLog(capacity, maxLineBytes)
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

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  read(query: LogQuery = {}): LogPage {
    const streams = query.streams ?? LOG_STREAMS
    const afterSeq = query.afterSeq ?? 0
    const limit = query.limit ?? Number.POSITIVE_INFINITY
    const lines: LogLine[] = []
    for (const stream of streams) {
      for (const { truncatedBytes, ...line } of this.logs[stream].read(afterSeq, limit)) {
        lines.push(truncatedBytes > 0 ? { ...line, stream, truncatedBytes } : { ...line, stream })
      }
    }
    if (streams.length > 1) lines.sort((a, b) => a.seq - b.seq)
    return {
      lines: lines.length > limit ? lines.slice(lines.length - limit) : lines,
      nextSeq: this.seq,
      evicted: {
        stdout: this.logs.stdout.evicted,
        stderr: this.logs.stderr.evicted,
        system: this.logs.system.evicted,
      },
    }
  }

  private notify(stream: LogStream, firstSeq: number): void {
    const count = this.seq - firstSeq
    if (count === 0 || this.listeners.size === 0) return
    for (const listener of this.listeners) listener(stream, firstSeq, count)
  }
}
