import WebSocket from 'ws'
import type { ClusterApi } from '../shared/ipc/contract'
import { socketClusterApi } from '../shared/ipc/socket-transport'
import { WS_PATH } from '../shared/ipc/ws-protocol'

export interface HostConnection {
  api: ClusterApi
  /** The host's address and the token it was reached with, for its HTTP routes (exports). */
  url: string
  token: string
  close(): void
  /** Resolves when the connection ends, however it ends. */
  closed: Promise<void>
  /** Resolves with what happened when the connection ends without close() being called. */
  lost: Promise<string>
}

/** How long a host may stay silent before a client gives up on it. */
export const DEFAULT_TIMEOUT_MS = 10_000

/**
 * Connects to a running host (headless or desktop) and speaks the contract over its WebSocket.
 * A host that does not finish the handshake within `timeoutMs`, or stops answering pings for
 * that long, is given up: a command that takes long (a start waiting 30 s for readiness) is
 * fine as long as the host is alive, a host that accepts and never answers is not.
 */
export async function connectToHost(
  url: string,
  token: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<HostConnection> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${WS_PATH}`, {
    headers: { authorization: `Bearer ${token}` },
    handshakeTimeout: timeoutMs,
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
      reject(
        new Error(
          /handshake has timed out/i.test(error.message)
            ? `the host at ${url} accepted the connection but did not answer within ${timeoutMs / 1000} s`
            : `cannot reach the host at ${url}: ${error.message}`,
        ),
      ),
    )
  })

  let closing = false
  let silence: string | undefined
  let heardAt = Date.now()
  const heard = () => {
    heardAt = Date.now()
  }
  ws.on('pong', heard)
  ws.on('message', heard)
  const pinger = setInterval(
    () => {
      if (Date.now() - heardAt > timeoutMs) {
        silence = `the host at ${url} stopped answering: nothing for ${timeoutMs / 1000} s`
        ws.terminate()
      } else ws.ping()
    },
    Math.max(50, Math.min(2000, timeoutMs / 4)),
  )
  pinger.unref()
  const closed = new Promise<void>((resolve) =>
    ws.once('close', () => {
      clearInterval(pinger)
      resolve()
    }),
  )
  const lost = closed.then(
    () =>
      new Promise<string>((resolve) => {
        if (!closing) resolve(silence ?? `the host at ${url} closed the connection`)
      }),
  )
  const api = socketClusterApi({
    send: (text) => ws.send(text),
    onMessage: (listener) => ws.on('message', (data) => listener(String(data))),
    onClose: (listener) => ws.once('close', listener),
  })
  return {
    api,
    url,
    token,
    close: () => {
      closing = true
      ws.close()
    },
    closed,
    lost,
  }
}
