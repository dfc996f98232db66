import { useSyncExternalStore } from 'react'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import type { ClusterApi } from '../../../shared/ipc/contract'

/**
 * The latest cluster snapshot, for React. Snapshots are latest-wins, so holding one is enough;
 * a command's own answer is applied at once so a click shows its effect without waiting for
 * the push.
 */
export class ClusterStore {
  private snapshot: ClusterSnapshot | undefined
  private readonly listeners = new Set<() => void>()
  private readonly unsubscribe: () => void

  constructor(api: ClusterApi) {
    this.unsubscribe = api.onClusterSnapshot((snapshot) => this.set(snapshot))
    void api.snapshot().then((result) => {
      if (result.ok) this.set(result.value)
    })
  }

  dispose(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  set(snapshot: ClusterSnapshot): void {
    if (this.snapshot && snapshot.at < this.snapshot.at && snapshot.name === this.snapshot.name)
      return
    this.snapshot = snapshot
    for (const listener of this.listeners) listener()
  }

  /** Applies one node's fresh state from a command's answer. */
  patchNode(node: ClusterSnapshot['nodes'][number]): void {
    if (!this.snapshot) return
    const nodes = this.snapshot.nodes.map((n) => (n.name === node.name ? node : n))
    this.set({ ...this.snapshot, nodes, at: Date.now() })
  }

  get current(): ClusterSnapshot | undefined {
    return this.snapshot
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

export function useClusterSnapshot(store: ClusterStore): ClusterSnapshot | undefined {
  return useSyncExternalStore(store.subscribe, () => store.current)
}
