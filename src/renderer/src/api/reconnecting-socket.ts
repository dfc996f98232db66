import type { MessageSocket } from '../../../shared/ipc/socket-transport'
import type { Connection } from '../state/connection-store'

/** Waits between attempts: quick at first (a host restarting), then every few seconds. */
export const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000]

export interface SocketTarget {
  url: string
  protocols: string[]
  /** Asked after a failed attempt: is the host there but refusing us? */
  refused(): Promise<boolean>
}

/**
 * A WebSocket that comes back: when the host goes away (killed, restarted, the machine slept)
 * it says so at once, then tries again with backoff for as long as the page is open. Commands
 * sent while it is down fail at once instead of waiting for an answer that cannot come.
 */
export class ReconnectingSocket implements MessageSocket {
  private socket: WebSocket | undefined
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private everOpened = false
  /** When the open connection was lost; the banner counts from there. */
  private lostAt: number | undefined
  private disposed = false
  private readonly messageListeners = new Set<(text: string) => void>()
  private readonly closeListeners = new Set<() => void>()
  private readonly openListeners = new Set<() => void>()

  constructor(
    private readonly target: SocketTarget,
    private readonly report: (connection: Connection) => void,
  ) {
    this.open()
  }

  send(text: string): void {
    if (this.socket?.readyState !== WebSocket.OPEN) throw new Error('not connected')
    this.socket.send(text)
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.add(listener)
  }

  onClose(listener: () => void): void {
    this.closeListeners.add(listener)
  }

  onOpen(listener: () => void): void {
    this.openListeners.add(listener)
  }

  /** Tries at once, as a "Retry now" button asks. */
  retryNow(): void {
    if (this.socket || this.disposed) return
    clearTimeout(this.timer)
    this.open()
  }

  dispose(): void {
    this.disposed = true
    clearTimeout(this.timer)
    this.socket?.close()
  }

  private open(): void {
    const socket = new WebSocket(this.target.url, this.target.protocols)
    this.socket = socket
    socket.addEventListener('open', () => {
      this.attempt = 0
      this.lostAt = undefined
      this.report({ state: 'connected', since: Date.now() })
      this.everOpened = true
      // Subscriptions asked before this (re)open could not be sent: they go now.
      for (const listener of this.openListeners) listener()
    })
    socket.addEventListener('message', (event) => {
      for (const listener of this.messageListeners) listener(String(event.data))
    })
    socket.addEventListener('close', () => {
      this.socket = undefined
      for (const listener of this.closeListeners) listener()
      if (!this.disposed) void this.retryLater()
    })
  }

  private async retryLater(): Promise<void> {
    this.lostAt ??= Date.now()
    const since = this.lostAt
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)]!
    this.attempt++
    if (await this.target.refused().catch(() => false)) {
      this.report({ state: 'refused', since })
    } else if (this.everOpened) {
      const retryAt = Date.now() + delay
      this.report({ state: 'reconnecting', since, attempt: this.attempt, retryAt })
    }
    if (this.disposed) return
    this.timer = setTimeout(() => this.open(), delay)
  }
}
