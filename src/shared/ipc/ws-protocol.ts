import { z } from 'zod'
import type { Channel, EventChannel, Events } from './contract'
import type { IpcResult } from './result'

/** The path the host accepts WebSocket connections on. */
export const WS_PATH = '/api/ws'

/** Client → host. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('command'),
      id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      channel: z.string().max(100),
      payload: z.unknown(),
    })
    .strict(),
  z
    .object({
      type: z.literal('subscribe'),
      events: z.array(z.enum(['cd:cluster:snapshot', 'cd:logs:batch', 'cd:export:saved'])).max(3),
    })
    .strict(),
])
export type ClientMessage =
  | { type: 'command'; id: number; channel: Channel; payload: unknown }
  | { type: 'subscribe'; events: EventChannel[] }

/** Host → client. */
export type HostMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { [E in EventChannel]: { type: 'event'; event: E; payload: Events[E] } }[EventChannel]
  | { type: 'error'; message: string; fix: string }
