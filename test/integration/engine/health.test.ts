import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { probeHttp, probeTcp } from '../../../src/engine/supervisor/health/probes'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, FAST, fixture, freePort, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

async function healthNode() {
  const port = await freePort()
  const failCountFile = join(tempFolder('health'), 'fail-count')
  const manager = new ClusterManager(
    cluster([
      {
        name: 'web',
        port,
        command: fixture('http-node.mjs'),
        env: { FAIL_COUNT_FILE: failCountFile },
        ...FAST,
        health: { interval: 50, timeout: 500, failureThreshold: 3, successThreshold: 1 },
      },
    ]),
  )
  disposeLater(manager)
  await manager.startNode('web')
  const failNext = (count: number) => writeFileSync(failCountFile, String(count))
  const history = () => manager.healthHistory('web')
  return { manager, failNext, history }
}

describe('health while running', () => {
  it('does not flip to unhealthy on one failed probe', async () => {
    const { manager, failNext, history } = await healthNode()
    failNext(1)
    await waitFor(
      'a failed probe then a good one',
      history,
      (h) => h.some((p) => !p.ok) && h.at(-1)!.ok,
    )
    expect(manager.node('web').snapshot().health).toBe('healthy')
    const states = manager.readLogs('web', { streams: ['system'] }).lines.map((l) => l.text)
    expect(states.filter((t) => t.startsWith('health:'))).toEqual([])
  })

  it('turns unhealthy after the failure threshold, and healthy again after a success', async () => {
    const { manager, failNext, history } = await healthNode()
    failNext(3)
    await waitFor(
      'unhealthy',
      () => manager.node('web').snapshot().health,
      (h) => h === 'unhealthy',
    )
    await waitFor(
      'healthy again',
      () => manager.node('web').snapshot().health,
      (h) => h === 'healthy',
    )
    const failures = history().filter((p) => !p.ok)
    expect(failures).toHaveLength(3)
    expect(failures[0]).toMatchObject({
      ok: false,
      status: 500,
      error: 'answered 500, expected 2xx',
    })
    expect(failures[0]!.latencyMs).toEqual(expect.any(Number))
  })

  it('keeps the last 50 probe results', async () => {
    const { manager, history } = await healthNode()
    await waitFor(
      '50 probes',
      async () => history().length,
      (n) => n === 50,
      15_000,
    )
    // Ten probes later there are still 50: the oldest went, the newest came.
    const oldest = history()[0]!.at
    let probes = 0
    manager.subscribe((event) => {
      if (event.type === 'probe') probes++
    })
    await waitFor(
      'ten more probes',
      () => probes,
      (n) => n >= 10,
      15_000,
    )
    expect(history()).toHaveLength(50)
    expect(history()[0]!.at).toBeGreaterThan(oldest)
    const times = history().map((p) => p.at)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })
})

describe('probes', () => {
  it('report refusals and timeouts as failures with a reason', async () => {
    const port = await freePort()
    expect(await probeTcp({ host: '127.0.0.1', port, timeoutMs: 500 })).toMatchObject({ ok: false })
    expect(await probeHttp({ host: '127.0.0.1', port, timeoutMs: 500, path: '/' })).toMatchObject({
      ok: false,
      error: 'connection refused',
    })
  })
})
