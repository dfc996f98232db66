import type { ClusterApi } from '../../../shared/ipc/contract'
import type { ConnectionStore } from '../state/connection-store'

export const CHECK_EVERY_MS = 2000
/** An engine that has not answered a snapshot for this long is taken as gone. */
export const SILENT_AFTER_MS = 4000

/**
 * The desktop window has no socket that closes: its engine runs in the app's main process.
 * It asks for a snapshot every few seconds; one that takes too long means the engine stopped
 * answering, and the window says so until an answer comes.
 */
export function watchResponsiveness(api: ClusterApi, store: ConnectionStore): () => void {
  let attempt = 0
  let asking = false
  const check = async () => {
    if (asking) return
    asking = true
    const started = Date.now()
    const late = setTimeout(() => {
      attempt++
      const since = store.current?.state === 'reconnecting' ? store.current.since : started
      store.set({ state: 'reconnecting', since, attempt, retryAt: Date.now() + CHECK_EVERY_MS })
    }, SILENT_AFTER_MS)
    await api.snapshot()
    clearTimeout(late)
    asking = false
    attempt = 0
    if (!store.connected) store.set({ state: 'connected', since: Date.now() })
  }
  void check()
  const timer = setInterval(() => void check(), CHECK_EVERY_MS)
  return () => clearInterval(timer)
}
