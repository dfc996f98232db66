import type { LogStream } from './node'

export interface LogLine {
  /** Grows by one for every line of a node, across its streams, so lines merge by seq. */
  seq: number
  time: number
  stream: LogStream
  text: string
  /** Set when the line was longer than the line limit and cut; counts the bytes dropped. */
  truncatedBytes?: number
}

export interface LogQuery {
  /** Only lines with a seq greater than this. */
  afterSeq?: number
  /** At most this many lines: the newest ones. */
  limit?: number
  streams?: readonly LogStream[]
  /** Which end `limit` counts from: the newest lines (the default) or the oldest. */
  from?: 'newest' | 'oldest'
  /** At most this many bytes of text, counted from the same end. */
  maxBytes?: number
}

export interface LogPage {
  lines: LogLine[]
  /** seq the next line will get: a reader that has seen everything before it is up to date. */
  nextSeq: number
  /**
   * Which output these seqs count in: a new one after the engine restarted or the cluster was
   * loaded again, when seqs begin at 1 again. A reader holding another origin starts over.
   */
  origin: string
  /** Lines pushed out of the buffers since the node was created, per stream. */
  evicted: Record<LogStream, number>
}
