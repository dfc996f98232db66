import WebSocket from 'ws'
import type { ClusterApi } from '../shared/ipc/contract'
import { socketClusterApi } from '../shared/ipc/socket-transport'
import { WS_PATH } from '../shared/ipc/ws-protocol'

export interface HostConnection {
  api: ClusterApi
  close(): void
  /** Resolves when the host closes the connection. */
  closed: Promise<void>
}

/** Connects to a running host (headless or desktop) and speaks the contract over its WebSocket. */
export async function connectToHost(url: string, token: string): Promise<HostConnection> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${WS_PATH}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_request, response) => {
      reject(
        new Error(
          `the host at ${url} refused the connection: ${response.statusCode} ${response.statusMessage}`,
        ),
      )
    })
    ws.once('error', (error) =>
      reject(new Error(`cannot reach the host at ${url}: ${error.message}`)),
    )
  })
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
  const api = socketClusterApi({
    send: (text) => ws.send(text),
    onMessage: (listener) => ws.on('message', (data) => listener(String(data))),
    onClose: (listener) => ws.once('close', listener),
  })
  return { api, close: () => ws.close(), closed }
}
