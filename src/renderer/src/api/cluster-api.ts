import type { ClusterApi, ExportRequest } from '../../../shared/ipc/contract'
import { fail, type IpcResult, ok } from '../../../shared/ipc/result'
import { socketClusterApi } from '../../../shared/ipc/socket-transport'
import {
  EXPORT_PATH,
  SESSION_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  WS_PATH,
  WS_SUBPROTOCOL,
} from '../../../shared/ipc/ws-protocol'
import { download } from '../download'
import { ConnectionStore } from '../state/connection-store'
import { ReconnectingSocket } from './reconnecting-socket'
import { watchResponsiveness } from './responsiveness'

const TOKEN_KEY = 'cluster-desk-token'

/**
 * The token from the address's fragment (`#token=…`, which browsers never send to a server),
 * moved into this tab's sessionStorage and out of the address bar, bookmarks and screenshots.
 * sessionStorage belongs to this origin (scheme, host and port), so no other local server's
 * page can read it.
 */
function takeToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1))
  const fromUrl = fragment.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    fragment.delete('token')
    const rest = fragment.toString()
    const { pathname, search } = window.location
    window.history.replaceState(null, '', `${pathname}${search}${rest ? `#${rest}` : ''}`)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/** Streams an export from the host into a download; the token goes only as a bearer header. */
async function downloadExport(
  token: string,
  request: ExportRequest,
): Promise<IpcResult<{ fileName: string; lines: number; outcome: 'downloaded' }>> {
  const query = new URLSearchParams({ format: request.format, ansi: request.ansi })
  if (request.node !== undefined) query.set('node', request.node)
  const response = await fetch(`${EXPORT_PATH}?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => undefined)
  if (!response?.ok) {
    const body = (await response?.json().catch(() => undefined)) as
      | { error?: string; fix?: string }
      | undefined
    return fail(
      'internal',
      body?.error ?? 'the export could not be downloaded from Cluster Desk',
      body?.fix ?? 'Check that Cluster Desk is still running, then try again.',
    )
  }
  const fileName = response.headers.get('x-export-file-name') ?? 'cluster-desk.log'
  download(fileName, await response.blob())
  return ok({
    fileName,
    lines: Number(response.headers.get('x-export-lines') ?? 0),
    outcome: 'downloaded',
  })
}

export interface EngineLink {
  api: ClusterApi
  connection: ConnectionStore
  dispose(): void
}

/**
 * The only file that knows where the engine is: the desktop window's preload puts clusterApi
 * on window; in a browser the page talks to the host that served it over a WebSocket, which
 * comes back by itself after the host went away. Null when the page has no token to offer.
 */
export function connectClusterApi(): EngineLink | null {
  if (window.clusterApi) {
    const api = window.clusterApi
    const connection = new ConnectionStore({ state: 'connected', since: Date.now() })
    return { api, connection, dispose: watchResponsiveness(api, connection) }
  }
  const token = takeToken()
  if (!token) return null
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  let socket: ReconnectingSocket | undefined
  const connection = new ConnectionStore({ state: 'connecting', since: Date.now() }, () =>
    socket?.retryNow(),
  )
  socket = new ReconnectingSocket(
    {
      url: `${protocol}//${window.location.host}${WS_PATH}`,
      protocols: [WS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`],
      refused: async () => {
        const answer = await fetch(SESSION_PATH, { headers: { authorization: `Bearer ${token}` } })
        return answer.status === 401
      },
    },
    (state) => connection.set(state),
  )
  const api = socketClusterApi(socket)
  return {
    api: { ...api, exportLogs: (request) => downloadExport(token, request) },
    connection,
    dispose: () => socket?.dispose(),
  }
}
