import type { LogLine } from '../../../shared/domain/logs'
import type { ClusterApi, LogBatch } from '../../../shared/ipc/contract'

/**
 * Lines the window keeps for all nodes together, and per node. A node's view holds the same
 * line objects as the all-nodes view, so a line costs memory once and the window's log stays
 * near MAX_ALL_LINES lines however many nodes flood it. The viewer draws only visible rows.
 */
export const MAX_ALL_LINES = 100_000
export const MAX_NODE_LINES = 30_000

export interface NodeLog {
  lines: Array<LogLine & { node?: string }>
  /** Lines the engine dropped before they reached the window, or the window dropped. */
  dropped: number
  /** Bumped on every change, so React sees a new value without copying the array. */
  version: number
}

/**
 * What the window shows of each node's output. Opening a node reads its buffered tail, then
 * batches append lines whose seq is newer; a gap in seqs (lines lost on the way) triggers a
 * re-read. Each view keeps a bounded number of lines, and React hears about changes at most once
 * per animation frame however fast batches arrive.
 */
export class LogStore {
  private readonly logs = new Map<string, NodeLog>()
  /** Every node's lines in arrival order, for the all-nodes view. */
  readonly all: NodeLog = { lines: [], dropped: 0, version: 0 }
  private readonly listeners = new Set<() => void>()
  private frameQueued = false
  private readonly unsubscribe: () => void
  /** Clusters whose buffered output was read: batches keep it current from then on. */
  private readonly loadedClusters = new Set<string>()

  constructor(private readonly api: ClusterApi) {
    this.unsubscribe = api.onLogBatch((batch) => this.apply(batch))
  }

  dispose(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  /** Reads a cluster's buffered output the first time the window shows that cluster. */
  loadClusterOnce(cluster: string, nodes: string[]): void {
    if (this.loadedClusters.has(cluster)) return
    this.loadedClusters.add(cluster)
    void this.loadAll(nodes)
  }

  private logOf(node: string): NodeLog {
    let log = this.logs.get(node)
    if (!log) {
      log = { lines: [], dropped: 0, version: 0 }
      this.logs.set(node, log)
    }
    return log
  }

  /** Reads a node's buffered lines (the engine keeps the last 1000 per stream). */
  async load(node: string): Promise<void> {
    const result = await this.api.readLogs({ node, limit: 3000 })
    if (!result.ok) return
    const log = this.logOf(node)
    const newest = log.lines.at(-1)?.seq ?? 0
    const older = result.value.lines.filter((line) => line.seq > newest)
    log.lines.push(...older)
    log.lines.sort((a, b) => a.seq - b.seq)
    this.trim(log)
    this.changed(log)
  }

  /**
   * Reads every node's buffered tail and puts them, merged by time, in front of what the
   * all-nodes view already holds; lines that batches already brought are not repeated.
   */
  async loadAll(nodes: string[]): Promise<void> {
    await Promise.all(nodes.map((node) => this.load(node)))
    const seen = new Set(this.all.lines.map((line) => `${line.node}\u0000${line.seq}`))
    const tails = nodes.flatMap((node) =>
      this.logOf(node).lines.filter((line) => {
        line.node = node
        return !seen.has(`${node}\u0000${line.seq}`)
      }),
    )
    this.all.lines = [...tails, ...this.all.lines].sort((a, b) => a.time - b.time)
    this.trim(this.all)
    this.changed(this.all)
  }

  private apply(batch: LogBatch): void {
    for (const entry of batch.nodes) {
      const log = this.logOf(entry.node)
      const newest = log.lines.at(-1)?.seq ?? 0
      for (const line of entry.lines as Array<LogLine & { node?: string }>) {
        if (line.seq <= newest) continue
        line.node = entry.node
        log.lines.push(line)
        this.all.lines.push(line)
      }
      log.dropped += entry.skipped
      this.all.dropped += entry.skipped
      this.trim(log)
      this.changed(log)
    }
    this.trim(this.all)
    this.changed(this.all)
    // Whole batches were lost on the way (the window fell behind): read the tails again.
    if (batch.dropped > 0) for (const node of this.logs.keys()) void this.load(node)
  }

  /**
   * Drops the oldest lines once a tenth over the bound, in one go: removing from the front of
   * a 100,000-line array moves all of it, so doing it per batch would cost a flood dearly.
   */
  private trim(log: NodeLog): void {
    const bound = log === this.all ? MAX_ALL_LINES : MAX_NODE_LINES
    if (log.lines.length > bound * 1.1) log.lines.splice(0, log.lines.length - bound)
  }

  /** Forgets what the window shows of a node (or of all); the engine's buffer is untouched. */
  clear(node: string | undefined): void {
    const log = node === undefined ? this.all : this.logOf(node)
    log.lines = []
    log.dropped = 0
    this.changed(log)
  }

  get(node: string): NodeLog {
    return this.logOf(node)
  }

  private changed(log: NodeLog): void {
    log.version++
    if (this.frameQueued) return
    this.frameQueued = true
    requestAnimationFrame(() => {
      this.frameQueued = false
      for (const listener of this.listeners) listener()
    })
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
