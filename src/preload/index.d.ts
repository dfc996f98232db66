import type { ClusterApi } from '../shared/ipc/contract'

declare global {
  interface Window {
    /** Present in the desktop window; in a browser the renderer uses the WebSocket client. */
    clusterApi?: ClusterApi
  }
}
