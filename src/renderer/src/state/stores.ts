import type { ClusterApi } from '../../../shared/ipc/contract'
import { ClusterStore } from './cluster-store'
import { LogStore } from './log-store'
import { MeshStore } from './mesh-store'

/** The window's state, made once per connection, beside the API it listens to. */
export interface Stores {
  cluster: ClusterStore
  logs: LogStore
  mesh: MeshStore
  dispose(): void
}

export function createStores(api: ClusterApi): Stores {
  const cluster = new ClusterStore(api)
  const logs = new LogStore(api)
  const mesh = new MeshStore(api)
  return {
    cluster,
    logs,
    mesh,
    dispose: () => {
      cluster.dispose()
      logs.dispose()
      mesh.dispose()
    },
  }
}
