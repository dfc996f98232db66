import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  CHECK_EVERY_MS,
  SILENT_AFTER_MS,
  watchResponsiveness,
} from '../../../src/renderer/src/api/responsiveness'
import { ConnectionStore } from '../../../src/renderer/src/state/connection-store'
import type { ClusterApi } from '../../../src/shared/ipc/contract'
import { ok } from '../../../src/shared/ipc/result'

/** An engine whose answers can be held back, as a main process busy or hung would. */
function engine() {
  let answering = true
  const held: Array<() => void> = []
  const api = {
    snapshot: () =>
      new Promise((resolve) => {
        const answer = () => resolve(ok({ name: 'c', nodes: [], at: 0 }))
        if (answering) answer()
        else held.push(answer)
      }),
  } as unknown as ClusterApi
  return {
    api,
    hang: () => {
      answering = false
    },
    wake: () => {
      answering = true
      for (const answer of held.splice(0)) answer()
    },
  }
}

describe('the desktop window watching its engine', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('says the engine stopped answering, and that it is back once it answers', async () => {
    const { api, hang, wake } = engine()
    const store = new ConnectionStore({ state: 'connected', since: 0 })
    const stop = watchResponsiveness(api, store)
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS * 2)
    expect(store.current?.state).toBe('connected')
    hang()
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS + SILENT_AFTER_MS)
    expect(store.current?.state).toBe('reconnecting')
    wake()
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS)
    expect(store.current?.state).toBe('connected')
    stop()
  })
})
