import type { Channel, EventChannel, Events } from './contract'
import type { IpcResult } from './result'

/** The path the host accepts WebSocket connections on. */
export const WS_PATH = '/api/ws'
/** Answers 204 to a holder of the token and 401 to anyone else: a page asks why it was refused. */
export const SESSION_PATH = '/api/session'
/** The path a log export streams from (GET, with the token as a bearer header). */
export const EXPORT_PATH = '/api/export'

/**
 * A browser cannot set headers on a WebSocket, so the page offers two subprotocols: this one,
 * which the host answers with, and TOKEN_SUBPROTOCOL_PREFIX + the token, which it never
 * echoes. The token so travels only to the host that served the page, never in a URL or a
 * cookie. Other clients (the CLI) send "Authorization: Bearer …" instead.
 */
export const WS_SUBPROTOCOL = 'cluster-desk'
export const TOKEN_SUBPROTOCOL_PREFIX = 'cluster-desk.token.'

/** Client → host; the host checks every message against engine/host/client-message.ts. */
export type ClientMessage =
  | { type: 'command'; id: number; channel: Channel; payload: unknown }
  | { type: 'subscribe'; events: EventChannel[] }

/** Host → client. */
export type HostMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { [E in EventChannel]: { type: 'event'; event: E; payload: Events[E] } }[EventChannel]
  | { type: 'error'; message: string; fix: string }
