import type { ClusterApi } from '../../../shared/ipc/contract'
import { socketClusterApi } from '../../../shared/ipc/socket-transport'
import { WS_PATH } from '../../../shared/ipc/ws-protocol'

/**
 * The only file that knows where the engine is: the desktop window's preload puts clusterApi
 * on window; in a browser the page talks to the host that served it over a WebSocket (the
 * token travels in the cookie set when the page was opened with ?token=…).
 */
export async function connectClusterApi(): Promise<ClusterApi> {
  if (window.clusterApi) return window.clusterApi
  const url = new URL(window.location.href)
  const token = url.searchParams.get('token')
  if (token) {
    // Keep the token out of the address bar, bookmarks and screenshots.
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.toString())
  }
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = new WebSocket(`${protocol}//${window.location.host}${WS_PATH}`)
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('cannot reach Cluster Desk')), {
      once: true,
    })
  })
  return socketClusterApi({
    send: (text) => socket.send(text),
    onMessage: (listener) =>
      socket.addEventListener('message', (event) => listener(String(event.data))),
    onClose: (listener) => socket.addEventListener('close', () => listener()),
  })
}
