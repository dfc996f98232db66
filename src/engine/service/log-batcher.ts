import type { LogBatch, NodeLogBatch } from '../../shared/ipc/contract'
import type { ClusterManager } from '../supervisor/cluster-manager'

export const BATCH_WINDOW_MS = 50
/** Most lines one node sends per flush: a UI is shown at most 20,000 lines/s of a node. */
export const BATCH_MAX_LINES = 1000
/** …and most text: 1000 lines of 16 KiB would otherwise be 16 MiB per node every 50 ms. */
export const BATCH_MAX_BYTES = 1024 * 1024

/**
 * Coalesces new log lines of every node into one message per flush, at most one every 50 ms,
 * so a node printing 100k lines/s costs a UI 20 messages/s, not 100k. The first new line
 * arms the timer. A node that printed more than BATCH_MAX_LINES (or BATCH_MAX_BYTES) since the
 * last flush sends its newest lines and counts the rest as skipped: nobody reads 100k lines/s, and a UI that
 * tried would stop answering clicks.
 *
 * It copies nothing on the way in: it remembers how far each node was sent and, at flush
 * time, reads what is new from the node's own bounded buffer. Lines that buffer already
 * dropped are reported as `skipped`, so the buffer is the only bound on memory whatever the
 * output rate. A node that stops is flushed at once, so its last lines (often the crash
 * reason) arrive without delay.
 */
export class LogBatcher {
  private readonly sentUpTo = new Map<string, number>()
  private readonly pendingNodes = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private readonly unsubscribers: Array<() => void> = []

  constructor(
    private readonly manager: ClusterManager,
    private readonly flushTo: (batch: LogBatch) => void,
    /** Whether anyone listens: with nobody, a flush reads nothing and only moves on. */
    private readonly wanted: () => boolean = () => true,
  ) {
    for (const node of manager.nodes()) {
      this.sentUpTo.set(node.name, node.output.nextSeq - 1)
      this.unsubscribers.push(node.output.onAppend(() => this.add(node.name)))
    }
    this.unsubscribers.push(
      manager.subscribe((event) => {
        if (
          event.type === 'state' &&
          ['exited', 'completed', 'failed', 'stopped', 'crashed'].includes(event.change.to)
        ) {
          this.flush()
        }
      }),
    )
  }

  private add(node: string): void {
    this.pendingNodes.add(node)
    this.timer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pendingNodes.size === 0) return
    const names = [...this.pendingNodes]
    // Reset before sending: a listener may cause more output (re-entrancy).
    this.pendingNodes.clear()
    if (!this.wanted()) {
      // A listener that comes later reads the tail itself; it is owed no backlog.
      for (const name of names) this.sentUpTo.set(name, this.manager.node(name).output.nextSeq - 1)
      return
    }
    const nodes: NodeLogBatch[] = []
    for (const name of names) {
      const after = this.sentUpTo.get(name) ?? 0
      const page = this.manager.readLogs(name, {
        afterSeq: after,
        limit: BATCH_MAX_LINES,
        maxBytes: BATCH_MAX_BYTES,
      })
      if (page.lines.length === 0) continue
      // Gaps can be inside the page too: stdout, stderr and the engine's own lines are kept
      // in separate buffers, so one may still hold lines older than another's oldest.
      const last = page.lines.at(-1)!.seq
      const skipped = last - after - page.lines.length
      this.sentUpTo.set(name, last)
      nodes.push({ node: name, lines: page.lines, skipped })
    }
    if (nodes.length > 0) this.flushTo({ nodes, dropped: 0 })
  }

  dispose(): void {
    this.flush()
    for (const unsubscribe of this.unsubscribers) unsubscribe()
  }
}
