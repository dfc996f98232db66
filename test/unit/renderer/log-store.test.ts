import { beforeAll, describe, expect, it } from 'vitest'
import { LogStore, MAX_ALL_LINES } from '../../../src/renderer/src/state/log-store'
import type { LogLine, LogPage } from '../../../src/shared/domain/logs'
import type { ClusterApi, LogBatch } from '../../../src/shared/ipc/contract'
import { ok } from '../../../src/shared/ipc/result'

beforeAll(() => {
  Object.assign(globalThis, { requestAnimationFrame: (run: () => void) => setTimeout(run, 0) })
})

/** An engine's log buffers, as the window reads them: per node, seqs from 1, one origin. */
class Buffers {
  origin = 'first'
  readonly lines = new Map<string, LogLine[]>()
  private batchListener: ((batch: LogBatch) => void) | undefined

  print(node: string, count: number, { push }: { push: boolean }): LogLine[] {
    const held = this.lines.get(node) ?? []
    const added = Array.from({ length: count }, (_, i) => ({
      seq: held.length + i + 1,
      time: Date.now(),
      stream: 'stdout' as const,
      text: `${node} line ${held.length + i + 1}`,
    }))
    this.lines.set(node, [...held, ...added])
    if (push)
      this.batchListener?.({
        nodes: [{ node, lines: added.map((l) => ({ ...l })), skipped: 0 }],
        dropped: 0,
      })
    return added
  }

  restart(): void {
    this.origin = 'second'
    this.lines.clear()
  }

  api(): ClusterApi {
    return {
      onLogBatch: (listener: (batch: LogBatch) => void) => {
        this.batchListener = listener
        return () => {}
      },
      readLogs: async ({ node, limit }: { node: string; limit?: number }) => {
        const lines = (this.lines.get(node) ?? []).slice(-(limit ?? 1e9)).map((l) => ({ ...l }))
        const page: LogPage = {
          lines,
          nextSeq: lines.length + 1,
          origin: this.origin,
          evicted: { stdout: 0, stderr: 0, system: 0 },
        }
        return ok(page)
      },
    } as unknown as ClusterApi
  }
}

const texts = (lines: Array<{ text: string }>) => lines.map((line) => line.text)

describe('LogStore', () => {
  it('adds what was printed while disconnected once, with no line twice or missing', async () => {
    const buffers = new Buffers()
    const store = new LogStore(buffers.api())
    buffers.print('a', 3, { push: false })
    await store.loadAll(['a'])
    buffers.print('a', 2, { push: true })
    // Away: these never arrive as batches.
    buffers.print('a', 4, { push: false })
    await store.reload()
    const expected = Array.from({ length: 9 }, (_, i) => `a line ${i + 1}`)
    expect(texts(store.get('a').lines)).toEqual(expected)
    expect(texts(store.all.lines)).toEqual(expected)
    await store.reload()
    expect(texts(store.all.lines)).toEqual(expected)
  })

  it('starts a node over when its output has a new origin (the engine was restarted)', async () => {
    const buffers = new Buffers()
    const store = new LogStore(buffers.api())
    buffers.print('a', 5, { push: false })
    await store.loadAll(['a'])
    buffers.restart()
    buffers.print('a', 2, { push: false })
    await store.reload()
    expect(texts(store.get('a').lines)).toEqual(['a line 1', 'a line 2'])
    expect(texts(store.all.lines)).toEqual(['a line 1', 'a line 2'])
  })

  it("keeps a quiet node's lines in All nodes however long another floods", async () => {
    const buffers = new Buffers()
    const store = new LogStore(buffers.api())
    buffers.print('quiet', 10, { push: true })
    for (let i = 0; i < 12; i++) buffers.print('flood', MAX_ALL_LINES / 10, { push: true })
    const quiet = store.all.lines.filter((line) => line.node === 'quiet')
    expect(quiet).toHaveLength(10)
    expect(store.all.lines.length).toBeLessThanOrEqual(MAX_ALL_LINES * 1.1)
    expect(store.all.lines.at(-1)?.text).toBe(`flood line ${(MAX_ALL_LINES / 10) * 12}`)
  })
})

describe('LogStore when a batch comes before the first read', () => {
  it('keeps the lines printed before that batch, once', async () => {
    const buffers = new Buffers()
    const store = new LogStore(buffers.api())
    buffers.print('a', 4, { push: false })
    // The first batch a new window gets holds only what came after it subscribed.
    buffers.print('a', 1, { push: true })
    await store.loadAll(['a'])
    const expected = Array.from({ length: 5 }, (_, i) => `a line ${i + 1}`)
    expect(texts(store.get('a').lines)).toEqual(expected)
    expect(texts(store.all.lines)).toEqual(expected)
  })
})

describe('LogStore re-reads', () => {
  it('reads a cluster after a reconnection found nothing to re-read', async () => {
    const buffers = new Buffers()
    const store = new LogStore(buffers.api())
    buffers.print('a', 3, { push: false })
    // The window connects (nothing loaded yet), then its cluster's snapshot arrives.
    void store.reload()
    await store.loadAll(['a'])
    expect(texts(store.get('a').lines)).toEqual(['a line 1', 'a line 2', 'a line 3'])
  })
})

describe('LogStore drops', () => {
  it('says whose lines the engine skipped, in the node view and in All nodes', () => {
    let listener: ((batch: LogBatch) => void) | undefined
    const api = {
      onLogBatch: (on: (batch: LogBatch) => void) => {
        listener = on
        return () => {}
      },
    } as unknown as ClusterApi
    const store = new LogStore(api)
    listener!({ nodes: [{ node: 'flood', lines: [], skipped: 1200 }], dropped: 0 })
    listener!({ nodes: [{ node: 'flood', lines: [], skipped: 300 }], dropped: 0 })
    expect([...store.all.dropped]).toEqual([['flood', 1500]])
    expect([...store.get('flood').dropped]).toEqual([['flood', 1500]])
  })
})
