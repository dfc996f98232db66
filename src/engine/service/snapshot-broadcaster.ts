import type { ClusterSnapshot } from '../../shared/domain/cluster'
import type { ClusterManager } from '../supervisor/cluster-manager'

/** Fewest milliseconds between two snapshots: 20 a second is more than a person can read. */
export const SNAPSHOT_INTERVAL_MS = 50

/**
 * Turns the engine's events into cluster snapshots, latest wins. A change after a quiet spell
 * goes out at once; changes that keep coming (a crash storm of fifty
 * nodes changes state hundreds of times a second) go out at most every SNAPSHOT_INTERVAL_MS,
 * each snapshot holding everything up to then, so neither the engine nor a UI drowns in them.
 */
export class SnapshotBroadcaster {
  private timer: NodeJS.Timeout | undefined
  private lastSentAt = Number.NEGATIVE_INFINITY
  private readonly unsubscribe: () => void

  constructor(
    private readonly manager: ClusterManager,
    private readonly send: (snapshot: ClusterSnapshot) => void,
  ) {
    this.unsubscribe = manager.subscribe((event) => {
      // A snapshot tells only whether the mesh is formed; the mesh has its own event.
      if (event.type === 'mesh' ? event.formedChanged : event.type !== 'probe') this.queue()
    })
  }

  private queue(): void {
    if (this.timer) return
    const wait = Math.max(0, Math.ceil(this.lastSentAt + SNAPSHOT_INTERVAL_MS - performance.now()))
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.lastSentAt = performance.now()
      this.send(this.manager.snapshot())
    }, wait)
  }

  dispose(): void {
    this.unsubscribe()
    clearTimeout(this.timer)
  }
}
