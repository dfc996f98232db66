import type { ClusterApi } from '../../../shared/ipc/contract'
import { ClusterStore } from './cluster-store'
import type { ConnectionStore } from './connection-store'
import { LogStore } from './log-store'
import { MeshStore } from './mesh-store'

/** The window's state, made once per connection, beside the API it listens to. */
export interface Stores {
  cluster: ClusterStore
  logs: LogStore
  mesh: MeshStore
  connection: ConnectionStore
  dispose(): void
}

export function createStores(api: ClusterApi, connection: ConnectionStore): Stores {
  const cluster = new ClusterStore(api, connection)
  const logs = new LogStore(api)
  const mesh = new MeshStore(api, connection)
  const reloadLogs = connection.onConnected(() => void logs.reload())
  return {
    cluster,
    logs,
    mesh,
    connection,
    dispose: () => {
      reloadLogs()
      cluster.dispose()
      logs.dispose()
      mesh.dispose()
    },
  }
}
