import { LatestStore, useLatest } from './latest-store'

/**
 * Whether the window is talking to the engine. While it is not, everything it shows is the
 * last thing it knew, and says so.
 */
export type Connection =
  | { state: 'connecting'; since: number }
  | { state: 'connected'; since: number }
  /** Lost: trying again at `retryAt`. */
  | { state: 'reconnecting'; since: number; attempt: number; retryAt: number }
  /** The host answers, but not to this page's token: it was started with a new one. */
  | { state: 'refused'; since: number }

export class ConnectionStore extends LatestStore<Connection> {
  constructor(
    initial: Connection,
    /** Tries again now instead of at the next retry. */
    readonly retryNow: () => void = () => {},
  ) {
    super(() => true)
    this.set(initial)
  }

  get connected(): boolean {
    return this.current?.state === 'connected'
  }

  /** Calls `listener` every time the connection is (re)made, so state is read afresh. */
  onConnected(listener: () => void): () => void {
    let was = this.connected
    return this.subscribe(() => {
      if (this.connected && !was) listener()
      was = this.connected
    })
  }
}

export const useConnection = (store: ConnectionStore) => useLatest(store)!
