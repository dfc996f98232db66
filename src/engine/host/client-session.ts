import type { WebSocket } from 'ws'
import type { HostMessage } from '../../shared/ipc/ws-protocol'
import type { ClusterService } from '../service/cluster-service'
import { clientMessageSchema } from './client-message'
import {
  type EventFeed,
  type LatestEvent,
  type SharedBatch,
  type SharedLatest,
  withDropped,
} from './event-feed'

/**
 * Bytes a client may have waiting to be sent before it loses log batches (whole ones, counted)
 * and has its snapshots and meshes held back, latest wins. Small, so a command's answer never waits
 * behind more than a moment of queued log lines.
 */
export const MAX_CLIENT_BUFFERED_BYTES = 1024 * 1024
/**
 * A client with this much unsent is not reading its answers while it keeps asking: it is cut
 * off, so no client can make the host hold more than a bounded amount.
 */
export const MAX_CLIENT_BACKLOG_BYTES = 16 * 1024 * 1024
/** How often a held-back snapshot or mesh is offered again to a client that was backed up. */
const RETRY_MS = 100

/**
 * One connected client: commands answered in whatever order they finish, the events it
 * subscribed to pushed as they come, every message within a budget of bytes.
 */
export function serveClient(ws: WebSocket, service: ClusterService, feed: EventFeed): void {
  const pending = new Set<number>()
  const subscribed = new Set<string>()
  let droppedBatches = 0
  const held = new Map<LatestEvent, SharedLatest>()
  let retry: NodeJS.Timeout | undefined
  let leaveFeed: (() => void) | undefined

  const room = (bytes: number) => ws.bufferedAmount + bytes <= MAX_CLIENT_BUFFERED_BYTES
  const sendRaw = (data: string | Buffer) => {
    if (ws.readyState !== ws.OPEN) return
    if (ws.bufferedAmount > MAX_CLIENT_BACKLOG_BYTES) {
      ws.terminate()
      return
    }
    // A Buffer is sent as a text frame without being copied: shared messages stay shared.
    ws.send(data, { binary: false })
  }
  const send = (message: HostMessage) => sendRaw(JSON.stringify(message))

  const offerHeld = () => {
    clearTimeout(retry)
    retry = undefined
    if (ws.readyState !== ws.OPEN) return
    for (const [event, message] of held) {
      if (!room(message.length)) {
        retry = setTimeout(offerHeld, RETRY_MS)
        return
      }
      sendRaw(message)
      held.delete(event)
    }
  }

  const listener = {
    batch(batch: SharedBatch) {
      if (!subscribed.has('cd:logs:batch')) return
      for (const piece of batch.pieces) {
        if (!room(piece.length + 16)) {
          droppedBatches++
          return
        }
        sendRaw(withDropped(piece, droppedBatches))
        droppedBatches = 0
      }
    },
    latest(event: LatestEvent, message: SharedLatest) {
      if (!subscribed.has(event)) return
      held.set(event, message)
      offerHeld()
    },
  }

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
      for (const event of message.events) subscribed.add(event)
      leaveFeed ??= feed.add(listener)
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
    leaveFeed?.()
    clearTimeout(retry)
  })
  ws.on('error', () => ws.terminate())
}
