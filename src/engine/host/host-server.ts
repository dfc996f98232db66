import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { MAX_COMMAND_BYTES } from '../../shared/ipc/contract'
import { EXPORT_PATH, SESSION_PATH, WS_PATH, WS_SUBPROTOCOL } from '../../shared/ipc/ws-protocol'
import type { ClusterService } from '../service/cluster-service'
import { serveClient } from './client-session'
import { EventFeed } from './event-feed'
import { serveExport } from './export-route'
import { HostAccess, type Refusal } from './host-access'
import { sendStaticFile, staticFileFor } from './static-files'
import { createToken } from './token'

export interface HostOptions {
  service: ClusterService
  /** 0 for any free port. */
  port?: number
  host?: string
  /** The built renderer; without it the host serves only the API. */
  staticDir?: string
  token?: string
  /** Where a request that failed in a way nobody foresaw is told; the host keeps serving. */
  log?: (line: string) => void
}

export interface RunningHost {
  url: string
  /** The URL with the token in its fragment, to open in a browser. */
  openUrl: string
  port: number
  token: string
  close(): Promise<void>
}

/** Headers every answer carries: no Referer leaves a page of ours, no type is guessed. */
const EVERY_RESPONSE = { 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' }

/**
 * Serves the engine over the contract, on loopback unless told otherwise: the built renderer
 * over HTTP to anyone who names this server (it holds no secret), and everything else (the
 * WebSocket, exports) only to a holder of the token. Whoever holds it can do what the user
 * can, so it never travels in a cookie or a URL that reaches a server (see HostAccess). No
 * request, however malformed, can end the process: every failure becomes an answer.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1'
  const token = options.token ?? createToken()
  const log = options.log ?? ((line: string) => console.error(line))
  const access = new HostAccess(bindHost, token)
  const feed = new EventFeed(options.service)
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_COMMAND_BYTES,
    // Answer with the plain subprotocol; the one carrying the token is never echoed back.
    handleProtocols: (offered) => (offered.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  })

  const refuse = (response: ServerResponse, refusal: Refusal & { nodes?: string[] }) => {
    if (response.headersSent) return void response.destroy()
    response.writeHead(refusal.status, { 'content-type': 'application/json', ...EVERY_RESPONSE })
    const { status: _status, ...body } = refusal
    response.end(`${JSON.stringify({ error: body.message, fix: body.fix, nodes: body.nodes })}\n`)
  }

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(EVERY_RESPONSE)) response.setHeader(name, value)
    const badHost = access.checkHost(request)
    if (badHost) return refuse(response, badHost)
    const url = parseUrl(request.url)
    if (!url) {
      return refuse(response, {
        status: 400,
        message: 'the URL cannot be read',
        fix: 'Open / instead.',
      })
    }
    if (url.pathname.startsWith('/api/')) {
      const badToken = access.checkToken(request)
      if (badToken) return refuse(response, badToken)
      if (url.pathname === EXPORT_PATH && request.method === 'GET') {
        return serveExport(options.service, url.searchParams, response, (r) => refuse(response, r))
      }
      if (url.pathname === SESSION_PATH && request.method === 'GET') {
        response.writeHead(204, { 'cache-control': 'no-store' })
        return void response.end()
      }
      return refuse(response, {
        status: 404,
        message: `${url.pathname} is not part of the API`,
        fix: `Use ${EXPORT_PATH} or the WebSocket at ${WS_PATH}.`,
      })
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, {
        status: 405,
        message: `${request.method} is not served`,
        fix: 'Use GET.',
      })
    }
    const found = staticFileFor(options.staticDir, url.pathname)
    if ('status' in found) return refuse(response, found)
    sendStaticFile(found.file, request, response)
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      log(
        `cluster-desk host: ${request.method} ${String(request.url).slice(0, 200)} failed: ${(error as Error)?.stack ?? error}`,
      )
      refuse(response, {
        status: 500,
        message: 'the request failed inside Cluster Desk',
        fix: 'This is a bug; the host logged the details and keeps serving.',
      })
    })
  })
  // A request Node cannot even parse gets a 400 and its socket closed, as Node does by default.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseUrl(request.url)
    const refusal: Refusal | undefined =
      access.checkHost(request) ??
      access.checkOrigin(request) ??
      access.checkToken(request) ??
      (url?.pathname === WS_PATH
        ? undefined
        : { status: 404, message: 'not found', fix: `Use ${WS_PATH}.` })
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.message.replace(/[^\x20-\x7e]/g, '?')}\r\nconnection: close\r\n\r\n`,
      )
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveClient(ws, options.service, feed))
  }
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    try {
      upgrade(request, socket, head)
    } catch (error) {
      log(
        `cluster-desk host: upgrade of ${String(request.url).slice(0, 200)} failed: ${(error as Error)?.stack ?? error}`,
      )
      socket.destroy()
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, bindHost, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  access.listeningOn(port)
  const displayHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost
  const url = `http://${displayHost}:${port}`
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    port,
    token,
    close: async () => {
      // A closing handshake first, so what was sent last (the final snapshot) still arrives.
      const clients = [...wss.clients]
      for (const client of clients) client.close(1001, 'Cluster Desk stopped')
      await new Promise((resolve) => setTimeout(resolve, clients.length > 0 ? 300 : 0))
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The request's URL, or undefined when it cannot be parsed (a request line of garbage). */
function parseUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://host')
  } catch {
    return undefined
  }
}
