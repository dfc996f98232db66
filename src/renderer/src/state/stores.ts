import type { ClusterApi } from '../../../shared/ipc/contract'
import { ClusterStore } from './cluster-store'
import { LogStore } from './log-store'

/** The window's state, made once per connection, beside the API it listens to. */
export interface Stores {
  cluster: ClusterStore
  logs: LogStore
  dispose(): void
}

export function createStores(api: ClusterApi): Stores {
  const cluster = new ClusterStore(api)
  const logs = new LogStore(api)
  return {
    cluster,
    logs,
    dispose: () => {
      cluster.dispose()
      logs.dispose()
    },
  }
}
