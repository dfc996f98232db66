import type { ErlangMesh } from '../../../shared/domain/erlang'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { ConnectionStore } from './connection-store'
import { LatestStore, useLatest } from './latest-store'

/** The latest look at the Erlang mesh, for React: pushed when it changes, latest wins. */
export class MeshStore extends LatestStore<ErlangMesh> {
  private readonly unsubscribe: Array<() => void>

  constructor(api: ClusterApi, connection: ConnectionStore) {
    super((next, held) => next.at >= held.at)
    const read = () =>
      void api.erlangMesh().then((result) => {
        if (result.ok) this.set(result.value)
      })
    // Read again on every reconnection: pushes missed while away are not sent again.
    this.unsubscribe = [api.onErlangMesh((mesh) => this.set(mesh)), connection.onConnected(read)]
    read()
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop()
    this.forgetListeners()
  }
}

export const useMesh = (store: MeshStore) => useLatest(store)
