import { useSyncExternalStore } from 'react'
import type { ErlangMesh } from '../../../shared/domain/erlang'
import type { ClusterApi } from '../../../shared/ipc/contract'

/** The latest look at the Erlang mesh, for React: pushed when it changes, latest wins. */
export class MeshStore {
  private mesh: ErlangMesh | undefined
  private readonly listeners = new Set<() => void>()
  private readonly unsubscribe: () => void

  constructor(api: ClusterApi) {
    this.unsubscribe = api.onErlangMesh((mesh) => this.set(mesh))
    void api.erlangMesh().then((result) => {
      if (result.ok) this.set(result.value)
    })
  }

  dispose(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  /** A pushed look, or a command's answer; an older one never replaces a newer. */
  set(mesh: ErlangMesh): void {
    if (this.mesh && mesh.at < this.mesh.at) return
    this.mesh = mesh
    for (const listener of this.listeners) listener()
  }

  get current(): ErlangMesh | undefined {
    return this.mesh
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

export function useMesh(store: MeshStore): ErlangMesh | undefined {
  return useSyncExternalStore(store.subscribe, () => store.current)
}
