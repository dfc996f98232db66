import type { LogLine, LogPage } from '../../../shared/domain/logs'
import type { ClusterApi, LogBatch } from '../../../shared/ipc/contract'
import { keepFairShare } from './fair-share'

/**
 * Lines the window keeps for all nodes together, and per node. A node's view holds the same
 * line objects as the all-nodes view, so a line costs memory once. In the all-nodes view
 * every node has a fair share of the bound, so one flooding node cannot push out the others'
 * lines. The viewer draws only visible rows.
 */
export const MAX_ALL_LINES = 500_000
export const MAX_NODE_LINES = 100_000
/** Lines read from the engine when a node's log is (re)loaded: its buffer is about this deep. */
const TAIL_LINES = 3000

export type ViewLine = LogLine & { node?: string }

export interface NodeLog {
  lines: ViewLine[]
  /** Lines lost before they reached the window, by node (one entry in a node's own view). */
  dropped: Map<string, number>
  /** Bumped on every change, so React sees a new value without copying the array. */
  version: number
}

const emptyLog = (): NodeLog => ({ lines: [], dropped: new Map(), version: 0 })

function addDropped(log: NodeLog, node: string, count: number): void {
  if (count > 0) log.dropped.set(node, (log.dropped.get(node) ?? 0) + count)
}

/**
 * What the window shows of each node's output. Opening a cluster reads every node's buffered
 * tail, then batches append lines whose seq is newer; lost batches, and a reconnection, read
 * the tails again, so no line is shown twice or skipped. A node whose output has a new origin
 * (the engine was restarted) starts over. React hears about changes at most once per
 * animation frame however fast batches arrive.
 */
export class LogStore {
  private readonly logs = new Map<string, NodeLog>()
  /** Each node's output origin as last read; seqs of another origin do not compare. */
  private readonly origins = new Map<string, string>()
  /** Every node's lines in arrival order, for the all-nodes view. */
  readonly all: NodeLog = emptyLog()
  private readonly listeners = new Set<() => void>()
  private frameQueued = false
  private readonly unsubscribe: () => void
  private readonly reloadWanted = new Set<string>()
  private reloading: Promise<void> | undefined
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
      log = emptyLog()
      this.logs.set(node, log)
    }
    return log
  }

  /** Reads a node's buffered tail into its own view; the lines that were new to it. */
  private async load(node: string): Promise<ViewLine[]> {
    const result = await this.api.readLogs({ node, limit: TAIL_LINES })
    if (!result.ok) return []
    const log = this.logOf(node)
    if (this.startsOver(node, result.value)) this.forget(node)
    // Not only what is newer: a batch may have brought newer lines before this answer came.
    const held = new Set(log.lines.map((line) => line.seq))
    const added: ViewLine[] = result.value.lines.filter((line) => !held.has(line.seq))
    for (const line of added) (line as ViewLine).node = node
    log.lines.push(...added)
    log.lines.sort((a, b) => a.seq - b.seq)
    this.trim(log)
    this.changed(log)
    return added
  }

  /** True when the page counts in another origin than what the view holds. */
  private startsOver(node: string, page: LogPage): boolean {
    const held = this.origins.get(node)
    this.origins.set(node, page.origin)
    return held !== undefined && held !== page.origin
  }

  /** Drops what the window holds of a node's earlier output, in both views. */
  private forget(node: string): void {
    const log = this.logOf(node)
    log.lines = []
    log.dropped.clear()
    this.all.lines = this.all.lines.filter((line) => line.node !== node)
    this.all.dropped.delete(node)
    this.changed(log)
  }

  /**
   * Reads every node's buffered tail and merges what the all-nodes view did not hold yet, by
   * time. Also what the window does after reconnecting or losing batches: only missed lines
   * are added. Calls while one runs make one more run after it, never a pile of them.
   */
  loadAll(nodes: string[]): Promise<void> {
    for (const node of nodes) this.reloadWanted.add(node)
    this.reloading ??= this.reloadWhileWanted()
    return this.reloading
  }

  private async reloadWhileWanted(): Promise<void> {
    // Begins once `reloading` holds this run, so a run that finds nothing to do still ends it.
    await Promise.resolve()
    try {
      while (this.reloadWanted.size > 0) {
        const wanted = [...this.reloadWanted]
        this.reloadWanted.clear()
        const added = await Promise.all(wanted.map((node) => this.load(node)))
        this.mergeIntoAll(added.flat())
      }
    } finally {
      this.reloading = undefined
    }
  }

  /**
   * Puts lines read late into the all-nodes view where their time says. The view is in
   * arrival order, which is time order but for a few milliseconds: only its part from the
   * oldest new line on is sorted again, not all 500,000 lines.
   */
  private mergeIntoAll(missed: ViewLine[]): void {
    if (missed.length === 0) return
    // Which of them the view holds already: only lines as new as the oldest read are compared.
    const key = (line: ViewLine) => `${line.node}\u0000${line.seq}`
    const oldestSeq = new Map<string | undefined, number>()
    for (const line of missed) {
      oldestSeq.set(line.node, Math.min(oldestSeq.get(line.node) ?? line.seq, line.seq))
    }
    const held = new Set<string>()
    for (const line of this.all.lines) {
      if (line.seq >= (oldestSeq.get(line.node) ?? Number.POSITIVE_INFINITY)) held.add(key(line))
    }
    const fresh = missed.filter((line) => !held.has(key(line)))
    if (fresh.length === 0) return
    const lines = this.all.lines
    const oldest = fresh.reduce((min, line) => Math.min(min, line.time), Number.POSITIVE_INFINITY)
    let from = lines.length
    while (from > 0 && lines[from - 1]!.time >= oldest) from--
    const tail = lines.splice(from).concat(fresh)
    // Lines of one chunk share their time: a node's own lines then go by seq.
    tail.sort((a, b) => a.time - b.time || (a.node === b.node ? a.seq - b.seq : 0))
    for (const line of tail) lines.push(line)
    this.trim(this.all)
    this.changed(this.all)
  }

  /** After a reconnection: what every node printed meanwhile, once. */
  reload(): Promise<void> {
    return this.loadAll([...this.logs.keys()])
  }

  private apply(batch: LogBatch): void {
    for (const entry of batch.nodes) {
      const log = this.logOf(entry.node)
      const newest = log.lines.at(-1)?.seq ?? 0
      for (const line of entry.lines as ViewLine[]) {
        if (line.seq <= newest) continue
        line.node = entry.node
        log.lines.push(line)
        this.all.lines.push(line)
      }
      addDropped(log, entry.node, entry.skipped)
      addDropped(this.all, entry.node, entry.skipped)
      this.trim(log)
      this.changed(log)
    }
    this.trim(this.all)
    this.changed(this.all)
    // Whole batches were lost on the way (the window fell behind): read the tails again.
    if (batch.dropped > 0) void this.loadAll([...this.logs.keys()])
  }

  /**
   * Drops the oldest lines once a tenth over the bound, in one go: removing from the front of
   * a long array moves all of it, so doing it per batch would cost a flood dearly.
   */
  private trim(log: NodeLog): void {
    const bound = log === this.all ? MAX_ALL_LINES : MAX_NODE_LINES
    if (log.lines.length <= bound * 1.1) return
    if (log === this.all) log.lines = keepFairShare(log.lines, bound)
    else log.lines.splice(0, log.lines.length - bound)
  }

  /** Forgets what the window shows of a node (or of all); the engine's buffer is untouched. */
  clear(node: string | undefined): void {
    const log = node === undefined ? this.all : this.logOf(node)
    log.lines = []
    log.dropped.clear()
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
