import type { ClusterApi, ExportRequest } from '../../../shared/ipc/contract'
import { fail, type IpcResult, ok } from '../../../shared/ipc/result'
import { socketClusterApi } from '../../../shared/ipc/socket-transport'
import {
  EXPORT_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  WS_PATH,
  WS_SUBPROTOCOL,
} from '../../../shared/ipc/ws-protocol'
import { download } from '../download'

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

/**
 * The only file that knows where the engine is: the desktop window's preload puts clusterApi
 * on window; in a browser the page talks to the host that served it over a WebSocket.
 */
export async function connectClusterApi(): Promise<ClusterApi> {
  if (window.clusterApi) return window.clusterApi
  const token = takeToken()
  if (!token) {
    throw new Error('This page has no token for Cluster Desk')
  }
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = new WebSocket(`${protocol}//${window.location.host}${WS_PATH}`, [
    WS_SUBPROTOCOL,
    `${TOKEN_SUBPROTOCOL_PREFIX}${token}`,
  ])
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener(
      'error',
      () => reject(new Error('Cluster Desk refused this page, or is not running')),
      { once: true },
    )
  })
  const api = socketClusterApi({
    send: (text) => socket.send(text),
    onMessage: (listener) =>
      socket.addEventListener('message', (event) => listener(String(event.data))),
    onClose: (listener) => socket.addEventListener('close', () => listener()),
  })
  return { ...api, exportLogs: (request) => downloadExport(token, request) }
}
