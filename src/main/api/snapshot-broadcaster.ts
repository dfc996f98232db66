import type { ClusterSnapshot } from '../../shared/domain/cluster'
import type { ClusterManager } from '../supervisor/cluster-manager'

/**
 * Turns the engine's events into cluster snapshots, latest wins: a burst of changes in one turn
 * of the event loop becomes one snapshot, so a crash loop cannot flood a UI with states.
 */
export class SnapshotBroadcaster {
  private queued = false
  private readonly unsubscribe: () => void

  constructor(
    private readonly manager: ClusterManager,
    private readonly send: (snapshot: ClusterSnapshot) => void,
  ) {
    this.unsubscribe = manager.subscribe((event) => {
      if (event.type !== 'probe') this.queue()
    })
  }

  private queue(): void {
    if (this.queued) return
    this.queued = true
    setImmediate(() => {
      this.queued = false
      this.send(this.manager.snapshot())
    })
  }

  dispose(): void {
    this.unsubscribe()
  }
}
