import { readdirSync, readFileSync } from 'node:fs'
import type { ProcessUsage, ResourceSample } from '../../../shared/domain/resources'
import type { ProcessInfo } from '../process/process-table'

export const SAMPLE_EVERY_MS = 2000
/** Samples kept per node: the last 5 minutes. */
export const HISTORY_SAMPLES = (5 * 60_000) / SAMPLE_EVERY_MS

/** How this machine counts: CPU clock ticks a second (USER_HZ) and bytes a memory page. */
export interface MachineUnits {
  ticksPerSecond: number
  pageBytes: number
  /** Open descriptors of a process, or null when they cannot be read (another user's). */
  countFds(pid: number): number | null
}

/**
 * The page size, from this process's own resident size in bytes and in pages: Node has no
 * call for it, and it is 16 KiB on some ARM machines. USER_HZ is 100 on every Linux build
 * Cluster Desk runs on.
 */
export function linuxUnits(): MachineUnits {
  let pageBytes = 4096
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1])
    const measured = process.memoryUsage().rss / pages
    if (pages > 0) pageBytes = 2 ** Math.round(Math.log2(measured))
  } catch {
    // No /proc: no figures are sampled at all.
  }
  return {
    ticksPerSecond: 100,
    pageBytes,
    countFds: (pid) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).length
      } catch {
        return null
      }
    },
  }
}

/**
 * Every node's cost over time: its tree's CPU (from the change in clock ticks since the last
 * sample), resident memory, processes and open descriptors, one sample every 2 s and the last
 * 5 minutes kept, bounded. It is handed the trees the engine already lists from /proc for
 * its own bookkeeping, so sampling reads nothing more than the descriptors. A process seen
 * for the first time adds no CPU until its second sample: a figure it cannot know is left out,
 * never guessed.
 */
export class ResourceSampler {
  private readonly ticks = new Map<string, number>()
  private lastAt: number | undefined
  private readonly histories = new Map<string, ResourceSample[]>()
  private readonly trees = new Map<string, ProcessUsage[]>()

  constructor(private readonly units: MachineUnits) {}

  /** Takes a sample when SAMPLE_EVERY_MS have passed since the last; true when any tree ran. */
  offer(at: number, treeOf: (node: string) => ProcessInfo[], nodes: string[]): boolean {
    if (this.lastAt !== undefined && at - this.lastAt < SAMPLE_EVERY_MS) return false
    const seconds = this.lastAt === undefined ? 0 : (at - this.lastAt) / 1000
    this.lastAt = at
    const seen = new Map<string, number>()
    let anyRan = false
    for (const node of nodes) {
      const usage = treeOf(node).map((info) => {
        const key = `${info.pid}:${info.startTime}`
        const before = this.ticks.get(key)
        seen.set(key, info.cpuTicks)
        const cpuPercent =
          before === undefined || seconds === 0
            ? 0
            : (100 * (info.cpuTicks - before)) / this.units.ticksPerSecond / seconds
        return {
          pid: info.pid,
          ppid: info.ppid,
          command: info.command,
          cpuPercent,
          rssBytes: info.rssPages * this.units.pageBytes,
        }
      })
      this.trees.set(node, usage)
      if (usage.length === 0) continue
      anyRan = true
      const fds = usage.map((process) => this.units.countFds(process.pid))
      const counted = fds.filter((count): count is number => count !== null)
      this.remember(node, {
        at,
        cpuPercent: usage.reduce((sum, process) => sum + process.cpuPercent, 0),
        rssBytes: usage.reduce((sum, process) => sum + process.rssBytes, 0),
        processes: usage.length,
        fds: counted.length > 0 ? counted.reduce((sum, count) => sum + count, 0) : null,
      })
    }
    this.ticks.clear()
    for (const [key, value] of seen) this.ticks.set(key, value)
    for (const node of this.histories.keys()) if (!nodes.includes(node)) this.histories.delete(node)
    return anyRan
  }

  private remember(node: string, sample: ResourceSample): void {
    let history = this.histories.get(node)
    if (!history) {
      history = []
      this.histories.set(node, history)
    }
    history.push(sample)
    if (history.length > HISTORY_SAMPLES) history.splice(0, history.length - HISTORY_SAMPLES)
  }

  /** The node's latest figures while its tree runs, else undefined. */
  latest(node: string): ResourceSample | undefined {
    return (this.trees.get(node)?.length ?? 0) > 0 ? this.histories.get(node)?.at(-1) : undefined
  }

  history(node: string): ResourceSample[] {
    return [...(this.histories.get(node) ?? [])]
  }

  processes(node: string): ProcessUsage[] {
    return this.trees.get(node) ?? []
  }
}
