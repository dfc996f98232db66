import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { type WebSocket, WebSocketServer } from 'ws'
import type { ClusterService } from '../main/api/cluster-service'
import { type EventChannel, type LogBatch, MAX_COMMAND_BYTES } from '../shared/ipc/contract'
import { clientMessageSchema, type HostMessage, WS_PATH } from '../shared/ipc/ws-protocol'
import { createToken, tokensEqual } from './token'

/** A client whose socket holds more than this unsent loses log batches until it catches up. */
// Small, so a command's answer never waits behind more than a moment of queued log lines.
export const MAX_CLIENT_BUFFERED_BYTES = 1024 * 1024
const TOKEN_COOKIE = 'cd_token'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

export interface HostOptions {
  service: ClusterService
  /** 0 for any free port. */
  port?: number
  host?: string
  /** The built renderer; without it the host serves only the API. */
  staticDir?: string
  token?: string
}

export interface RunningHost {
  url: string
  /** The URL with the token, to open in a browser. */
  openUrl: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * Serves the engine over the contract: the built renderer over HTTP and commands and events
 * over a WebSocket, on loopback unless told otherwise. Every request needs the token (query,
 * bearer header or the cookie set when the page is opened with it), compared in constant time.
 * The Host header must name this server (a DNS-rebinding page uses another name) and a
 * WebSocket's Origin, when a browser sends one, must be this server's own.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1'
  const token = options.token ?? createToken()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COMMAND_BYTES })
  let port = 0
  const allowedHosts = () => {
    const names = LOOPBACK.has(bindHost) ? [...LOOPBACK] : [bindHost]
    return new Set(
      names.map(
        (name) => `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`,
      ),
    )
  }

  const refuse = (response: ServerResponse, status: number, message: string, fix: string) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(`${JSON.stringify({ error: message, fix })}\n`)
  }

  const check = (
    request: IncomingMessage,
  ): { status: number; message: string; fix: string } | undefined => {
    if (!allowedHosts().has(request.headers.host ?? '')) {
      return {
        status: 403,
        message: `Host "${request.headers.host ?? ''}" is not this server`,
        fix: `Connect to ${[...allowedHosts()][0]} directly.`,
      }
    }
    if (!tokensEqual(token, tokenOf(request))) {
      return {
        status: 401,
        message: 'missing or wrong token',
        fix: 'Open the URL that cluster-desk serve printed (it carries ?token=…), or pass the token as "Authorization: Bearer …".',
      }
    }
    return undefined
  }

  const server = createServer((request, response) => {
    const problem = check(request)
    if (problem) return refuse(response, problem.status, problem.message, problem.fix)
    const url = new URL(request.url ?? '/', 'http://host')
    if (url.searchParams.has('token')) {
      // Later requests from the page (scripts, the WebSocket) carry the token in a cookie.
      response.setHeader(
        'set-cookie',
        `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      )
    }
    serveStatic(options.staticDir, url.pathname, response, refuse)
  })

  server.on('upgrade', (request, socket, head) => {
    const problem = check(request)
    const origin = request.headers.origin
    const path = new URL(request.url ?? '/', 'http://host').pathname
    const foreignOrigin =
      origin !== undefined && !allowedHosts().has(origin.replace(/^https?:\/\//, ''))
    if (problem || foreignOrigin || path !== WS_PATH) {
      const status = problem?.status ?? (foreignOrigin ? 403 : 404)
      const reason =
        problem?.message ?? (foreignOrigin ? `origin ${origin} is not allowed` : 'not found')
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\n\r\n`)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveClient(ws, options.service))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, bindHost, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const displayHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost
  const url = `http://${displayHost}:${port}`
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function tokenOf(request: IncomingMessage): string | undefined {
  const url = new URL(request.url ?? '/', 'http://host')
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) return fromQuery
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  if (bearer) return bearer
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return value
  }
  return undefined
}

function serveStatic(
  folder: string | undefined,
  pathname: string,
  response: ServerResponse,
  refuse: (response: ServerResponse, status: number, message: string, fix: string) => void,
) {
  if (!folder || !existsSync(join(folder, 'index.html'))) {
    return refuse(
      response,
      404,
      'the web UI is not built',
      'Run "npm run build", then start the host again.',
    )
  }
  const file = normalize(
    join(folder, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)),
  )
  if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return refuse(response, 404, `${pathname} not found`, 'Open / instead.')
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    // No other page may frame the UI (a meta tag cannot say this, a header can).
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  })
  createReadStream(file).pipe(response)
}

/**
 * One connected client: commands answered in any order they finish, events it subscribed to
 * pushed as they come. Log batches are dropped (and counted) while the client's socket is
 * backed up, so a slow or frozen client never makes the host hold more than a bounded amount.
 */
function serveClient(ws: WebSocket, service: ClusterService): void {
  const subscriptions = new Map<EventChannel, () => void>()
  const pending = new Set<number>()
  let droppedBatches = 0
  const send = (message: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }
  const sendBatch = (batch: LogBatch) => {
    if (ws.bufferedAmount > MAX_CLIENT_BUFFERED_BYTES) {
      droppedBatches++
      return
    }
    send({ type: 'event', event: 'cd:logs:batch', payload: { ...batch, dropped: droppedBatches } })
    droppedBatches = 0
  }

  const forward = <E extends Exclude<EventChannel, 'cd:logs:batch'>>(event: E) =>
    service.on(event, (payload) => send({ type: 'event', event, payload } as HostMessage))

  ws.on('message', async (data, isBinary) => {
    let raw: unknown
    try {
      raw = JSON.parse(isBinary ? '' : String(data))
    } catch {
      return send({
        type: 'error',
        message: 'message is not JSON',
        fix: 'Send one JSON object per message.',
      })
    }
    const parsed = clientMessageSchema.safeParse(raw)
    if (!parsed.success) {
      return send({
        type: 'error',
        message: `message refused: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; ')}`,
        fix: 'Send {type:"command",id,channel,payload} or {type:"subscribe",events:[…]}.',
      })
    }
    const message = parsed.data
    if (message.type === 'subscribe') {
      for (const event of message.events) {
        if (subscriptions.has(event)) continue
        subscriptions.set(
          event,
          event === 'cd:logs:batch' ? service.on(event, sendBatch) : forward(event),
        )
      }
      return
    }
    // An answer names its command only by id: a second command under an id still being
    // answered would make its answer ambiguous, so it is refused and the first is kept.
    if (pending.has(message.id)) {
      return send({
        type: 'error',
        message: `command id ${message.id} is still being answered; this command under the same id was not run`,
        fix: 'Give every command an id of its own, such as a counter.',
      })
    }
    pending.add(message.id)
    const result = await service.dispatch(message.channel, message.payload)
    pending.delete(message.id)
    send({ type: 'result', id: message.id, result })
  })
  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe()
  })
  ws.on('error', () => ws.terminate())
}
