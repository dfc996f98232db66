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
  send(text: string): void
  onMessage(listener: (text: string) => void): void
  onClose(listener: () => void): void
}

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
    for (const answer of pending.values()) {
      answer(
        fail(
          'internal',
          'the connection to Cluster Desk closed',
          'Check that it is still running, then reload.',
        ),
      )
    }
    pending.clear()
  })

  return createClusterApi({
    invoke: <C extends Channel>(channel: C, request: unknown) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve as (result: IpcResult<unknown>) => void)
        socket.send(JSON.stringify({ type: 'command', id, channel, payload: request }))
      }),
    subscribe<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        socket.send(JSON.stringify({ type: 'subscribe', events: [event] }))
      }
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  })
}
