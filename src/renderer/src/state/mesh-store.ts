import type { ErlangMesh } from '../../../shared/domain/erlang'
import type { ClusterApi } from '../../../shared/ipc/contract'
import { LatestStore, useLatest } from './latest-store'

/** The latest look at the Erlang mesh, for React: pushed when it changes, latest wins. */
export class MeshStore extends LatestStore<ErlangMesh> {
  private readonly unsubscribe: () => void

  constructor(api: ClusterApi) {
    super((next, held) => next.at >= held.at)
    this.unsubscribe = api.onErlangMesh((mesh) => this.set(mesh))
    void api.erlangMesh().then((result) => {
      if (result.ok) this.set(result.value)
    })
  }

  dispose(): void {
    this.unsubscribe()
    this.forgetListeners()
  }
}

export const useMesh = (store: MeshStore) => useLatest(store)
