import WebSocket from 'ws'
import {
  type ClusterApi,
  createClusterApi,
  type EventChannel,
  type Events,
} from '../shared/ipc/contract'
import { fail, type IpcResult } from '../shared/ipc/result'
import type { HostMessage } from '../shared/ipc/ws-protocol'
import { WS_PATH } from '../shared/ipc/ws-protocol'

export interface HostConnection {
  api: ClusterApi
  close(): void
  /** Resolves when the host closes the connection. */
  closed: Promise<void>
}

/** Connects to a running host (headless or desktop) and speaks the contract over its WebSocket. */
export async function connectToHost(url: string, token: string): Promise<HostConnection> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${WS_PATH}`, {
    headers: { authorization: `Bearer ${token}` },
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
      reject(new Error(`cannot reach the host at ${url}: ${error.message}`)),
    )
  })

  let nextId = 1
  const pending = new Map<number, (result: IpcResult<unknown>) => void>()
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>()
  const closed = new Promise<void>((resolve) => {
    ws.once('close', () => {
      for (const resolvePending of pending.values()) {
        resolvePending(
          fail(
            'internal',
            'the connection to Cluster Desk closed',
            'Check that it is still running.',
          ),
        )
      }
      pending.clear()
      resolve()
    })
  })

  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as HostMessage
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never)
    }
  })

  const api = createClusterApi({
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve as (result: IpcResult<unknown>) => void)
        ws.send(JSON.stringify({ type: 'command', id, channel, payload: request }))
      }),
    subscribe<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        ws.send(JSON.stringify({ type: 'subscribe', events: [event] }))
      }
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  })
  return { api, close: () => ws.close(), closed }
}
