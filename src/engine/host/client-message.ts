import { z } from 'zod'
import { EVENT_CHANNELS } from '../../shared/ipc/contract'
import type { ClientMessage } from '../../shared/ipc/ws-protocol'

/**
 * What a client may send over the WebSocket, checked before anything is done with it. It lives
 * with the host, not in the contract, so the page never ships a validator it does not run.
 */
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
      events: z.array(z.enum(EVENT_CHANNELS)).max(EVENT_CHANNELS.length),
    })
    .strict(),
]) satisfies z.ZodType<ClientMessage | { type: 'command'; channel: string }>
