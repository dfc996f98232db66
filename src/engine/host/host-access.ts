import type { IncomingMessage } from 'node:http'
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/ipc/ws-protocol'
import { tokensEqual } from './token'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

export interface Refusal {
  status: number
  message: string
  fix: string
}

/**
 * Who may talk to the host. The token is taken only from an `Authorization: Bearer` header or,
 * for a browser's WebSocket, from a subprotocol: never from a query string (it would reach
 * logs and Referer headers) and never from a cookie (cookies ignore ports, so every other
 * server on 127.0.0.1 would receive it).
 */
export class HostAccess {
  private port = 0

  constructor(
    private readonly bindHost: string,
    private readonly token: string,
  ) {}

  listeningOn(port: number): void {
    this.port = port
  }

  /** host:port pairs a request may name in its Host header: this server, and nothing else. */
  allowedHosts(): Set<string> {
    const names = LOOPBACK.has(this.bindHost) ? [...LOOPBACK] : [this.bindHost]
    return new Set(
      names.map(
        (name) =>
          `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${this.port}`,
      ),
    )
  }

  /** A page of another site reached us through DNS rebinding: its Host is not ours. */
  checkHost(request: IncomingMessage): Refusal | undefined {
    if (this.allowedHosts().has(request.headers.host ?? '')) return undefined
    return {
      status: 403,
      message: `Host "${String(request.headers.host ?? '').slice(0, 100)}" is not this server`,
      fix: `Connect to ${[...this.allowedHosts()][0]} directly.`,
    }
  }

  /** A WebSocket a browser opened from another site's page. */
  checkOrigin(request: IncomingMessage): Refusal | undefined {
    const origin = request.headers.origin
    if (origin === undefined || this.allowedHosts().has(origin.replace(/^https?:\/\//, ''))) {
      return undefined
    }
    return {
      status: 403,
      message: `origin ${origin.slice(0, 100)} is not allowed`,
      fix: 'Open the page this host serves; other sites may not connect.',
    }
  }

  checkToken(request: IncomingMessage): Refusal | undefined {
    if (tokensEqual(this.token, tokenOf(request))) return undefined
    return {
      status: 401,
      message: 'missing or wrong token',
      fix: 'Open the URL that cluster-desk serve printed (it carries #token=…), or send "Authorization: Bearer <token>" (the token is in the runtime file).',
    }
  }
}

function tokenOf(request: IncomingMessage): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]
  if (bearer) return bearer
  const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',')
  return offered
    .map((protocol) => protocol.trim())
    .find((protocol) => protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
    ?.slice(TOKEN_SUBPROTOCOL_PREFIX.length)
}
