import {
  type Channel,
  type ClusterApi,
  createClusterApi,
  type EventChannel,
  type Events,
} from './contract'
import { fail, type IpcResult } from './result'
import type { HostMessage } from './ws-protocol'

/** The little a WebSocket must offer: the browser's and the `ws` package's both fit. */
export interface MessageSocket {
  /** Throws when the socket is not open: the command is then answered with an error at once. */
  send(text: string): void
  onMessage(listener: (text: string) => void): void
  onClose(listener: () => void): void
  /**
   * A socket that may open after the API is made, or open again after it closed, says so
   * here: every subscription is then sent (again).
   */
  onOpen?(listener: () => void): void
}

const CLOSED = fail(
  'internal',
  'the connection to Cluster Desk closed',
  'Wait for the window to reconnect, or check that Cluster Desk is still running.',
)

/**
 * The contract over one WebSocket: commands matched to answers by id, events delivered to
 * the listeners of what the client subscribed to. When the socket closes, every command still
 * waiting is answered with an error instead of hanging.
 */
export function socketClusterApi(socket: MessageSocket): ClusterApi {
  let nextId = 1
  const pending = new Map<number, (result: IpcResult<unknown>) => void>()
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>()

  socket.onMessage((text) => {
    const message = JSON.parse(text) as HostMessage
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never)
    }
  })
  socket.onClose(() => {
    for (const answer of pending.values()) answer(CLOSED)
    pending.clear()
  })
  socket.onOpen?.(() => {
    const events = [...listeners.keys()]
    if (events.length > 0) socket.send(JSON.stringify({ type: 'subscribe', events }))
  })

  return createClusterApi({
    invoke: <C extends Channel>(channel: C, request: unknown) =>
      new Promise((resolve) => {
        const id = nextId++
        try {
          socket.send(JSON.stringify({ type: 'command', id, channel, payload: request }))
          pending.set(id, resolve as (result: IpcResult<unknown>) => void)
        } catch {
          resolve(CLOSED as IpcResult<never>)
        }
      }),
    subscribe<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        // Not open yet, or gone: the subscription goes out with the others on (re)open.
        try {
          socket.send(JSON.stringify({ type: 'subscribe', events: [event] }))
        } catch {}
      }
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  })
}
