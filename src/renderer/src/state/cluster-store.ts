import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { ConnectionStore } from './connection-store'
import { LatestStore, useLatest } from './latest-store'

/**
 * The latest cluster snapshot, for React. A command's own answer is applied at once so a click
 * shows its effect without waiting for the push; an older snapshot of the same cluster never
 * replaces a newer one.
 */
export class ClusterStore extends LatestStore<ClusterSnapshot> {
  private readonly unsubscribe: Array<() => void>

  constructor(api: ClusterApi, connection: ConnectionStore) {
    super((next, held) => next.at >= held.at || next.name !== held.name)
    const read = () =>
      void api.snapshot().then((result) => {
        if (result.ok) this.set(result.value)
      })
    // Read again on every reconnection: pushes missed while away are not sent again.
    this.unsubscribe = [
      api.onClusterSnapshot((snapshot) => this.set(snapshot)),
      connection.onConnected(read),
    ]
    read()
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop()
    this.forgetListeners()
  }

  /** Applies one node's fresh state from a command's answer. */
  patchNode(node: ClusterSnapshot['nodes'][number]): void {
    if (!this.current) return
    const nodes = this.current.nodes.map((n) => (n.name === node.name ? node : n))
    this.set({ ...this.current, nodes, at: Date.now() })
  }
}

export const useClusterSnapshot = (store: ClusterStore) => useLatest(store)
