import type { LogBatch } from '../../shared/ipc/contract'
import type { ClusterService } from '../service/cluster-service'

/** Largest event message the host sends: a batch that would be bigger is split. */
export const MAX_EVENT_BYTES = 1024 * 1024

/**
 * A batch of log lines as messages of bounded size, each encoded once: every client that lost
 * nothing sends the very same bytes (ws writes a Buffer without copying it), so twenty clients
 * cost one copy, not twenty.
 */
export interface SharedBatch {
  /** Whole messages that say `"dropped":0`; see withDropped for a client that lost batches. */
  pieces: Buffer[]
}

/** Events where only the newest matters: a client that missed one loses nothing. */
export type LatestEvent = 'cd:cluster:snapshot' | 'cd:erlang:mesh'
const LATEST_EVENTS: readonly LatestEvent[] = ['cd:cluster:snapshot', 'cd:erlang:mesh']

/** A snapshot or a mesh, encoded once: every client gets the same message. */
export type SharedLatest = Buffer

const BATCH_HEAD = '{"type":"event","event":"cd:logs:batch","payload":{"dropped":'
const NO_DROPS = Buffer.from(`${BATCH_HEAD}0,`)

/** A shared batch message rewritten for a client that was told of no drops yet: a copy. */
export function withDropped(piece: Buffer, dropped: number): Buffer {
  if (dropped === 0) return piece
  return Buffer.concat([Buffer.from(`${BATCH_HEAD}${dropped},`), piece.subarray(NO_DROPS.length)])
}

export interface FeedListener {
  batch(batch: SharedBatch): void
  latest(event: LatestEvent, message: SharedLatest): void
}

/**
 * The service's events, turned into messages once for all connected clients: with twenty
 * clients following a flood of 16 KiB lines, serialising per client would cost twenty copies
 * of every batch before any of them is known to fit the client's queue.
 */
export class EventFeed {
  private readonly listeners = new Set<FeedListener>()
  private unsubscribe: Array<() => void> = []

  constructor(private readonly service: ClusterService) {}

  add(listener: FeedListener): () => void {
    if (this.listeners.size === 0) this.start()
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.stop()
    }
  }

  private start(): void {
    this.unsubscribe = [
      this.service.on('cd:logs:batch', (batch) => {
        const pieces = splitBatch(batch).map((nodes) =>
          Buffer.concat([NO_DROPS, Buffer.from(nodes.slice(1)), Buffer.from('}')]),
        )
        for (const listener of this.listeners) listener.batch({ pieces })
      }),
      ...LATEST_EVENTS.map((event) =>
        this.service.on(event, (payload) => {
          const shared = Buffer.from(JSON.stringify({ type: 'event', event, payload }))
          for (const listener of this.listeners) listener.latest(event, shared)
        }),
      ),
    ]
  }

  private stop(): void {
    for (const off of this.unsubscribe) off()
    this.unsubscribe = []
  }
}

/**
 * The batch as `{"nodes":[…]}` texts of at most about MAX_EVENT_BYTES each (a line longer than
 * that, which the 16 KiB line limit rules out, would travel alone). A node whose lines span
 * pieces is named in each; its `skipped` count travels with the first.
 */
export function splitBatch(batch: LogBatch, maxBytes = MAX_EVENT_BYTES): string[] {
  const pieces: string[] = []
  let entries: string[] = []
  let entryLines: string[] = []
  let size = 0
  let current: { node: string; skipped: number } | undefined
  const closeEntry = () => {
    if (!current) return
    entries.push(
      `{"node":${JSON.stringify(current.node)},"skipped":${current.skipped},"lines":[${entryLines.join(',')}]}`,
    )
    entryLines = []
    current = { node: current.node, skipped: 0 }
  }
  const closePiece = () => {
    closeEntry()
    pieces.push(`{"nodes":[${entries.join(',')}]}`)
    entries = []
    size = 0
  }
  for (const node of batch.nodes) {
    current = { node: node.node, skipped: node.skipped }
    size += node.node.length + 40
    for (const line of node.lines) {
      const json = JSON.stringify(line)
      const bytes = Buffer.byteLength(json) + 1
      if (size + bytes > maxBytes && (entryLines.length > 0 || entries.length > 0)) {
        closePiece()
        size = node.node.length + 40
      }
      entryLines.push(json)
      size += bytes
    }
    closeEntry()
    current = undefined
  }
  if (entries.length > 0) closePiece()
  return pieces
}
