import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { describeLastExit } from '../../../src/shared/domain/describe-exit'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, FAST, fixture, freePort, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

function manage(nodes: unknown[]) {
  const manager = new ClusterManager(cluster(nodes))
  disposeLater(manager)
  return manager
}

const systemLines = (manager: ClusterManager, node: string) =>
  manager.readLogs(node, { streams: ['system'] }).lines.map((line) => line.text)

describe('what a node says while it starts, and what a stop or a crash left', () => {
  it('says why it is not ready yet, once per reason, on its snapshot and in its log', async () => {
    const port = await freePort()
    const manager = manage([
      {
        name: 'web',
        port,
        command: fixture('http-node.mjs'),
        env: { SLOW_START_MS: '400' },
        ...FAST,
        health: { path: '/nope' },
        readiness: { timeout: '1500ms', interval: 50 },
      },
    ])
    const starting = manager.startNode('web')
    const notOpen = await waitFor(
      'a reason while the port is closed',
      () => manager.node('web').snapshot(),
      (node) => node.readinessCheck !== null,
    )
    expect(notOpen.readinessCheck).toBe(`port ${port} not open yet`)
    const wrongStatus = await waitFor(
      'the health check to be the reason',
      () => manager.node('web').snapshot(),
      (node) => node.readinessCheck?.startsWith('GET') === true,
    )
    expect(wrongStatus.readinessCheck).toBe('GET /nope → 404')
    const failed = await starting
    expect(failed.state).toBe('failed')
    expect(failed.readinessCheck).toBeNull()
    // Dozens of checks failed, each reason is logged once.
    const reasons = systemLines(manager, 'web').filter((line) => line.startsWith('not ready yet'))
    expect(reasons).toEqual([
      `not ready yet: port ${port} not open yet`,
      'not ready yet: GET /nope → 404',
    ])
  })

  it('reads "stopped" after a stop, and says so when the stop had to SIGKILL', async () => {
    const manager = manage([
      { name: 'calm', port: null, command: fixture('announces.mjs'), ...FAST },
      {
        name: 'stubborn',
        port: null,
        command: fixture('ignores-sigterm.mjs'),
        ...FAST,
        // Ready once it ignores SIGTERM: a stop before would simply end it.
        readiness: { logLine: 'ignoring SIGTERM' },
        stop: { killTimeout: '300ms' },
      },
    ])
    const started = await manager.startAll()
    expect(started.nodes.map((node) => node.state)).toEqual(['running', 'running'])
    const calm = await manager.stopNode('calm')
    expect(describeLastExit(calm.lastExit!)).toBe('stopped')
    const stubborn = await manager.stopNode('stubborn')
    expect(stubborn.lastExit?.stop).toEqual({ forced: true, signal: 'SIGTERM', killTimeoutMs: 300 })
    expect(describeLastExit(stubborn.lastExit!)).toBe(
      'killed after 300 ms: did not stop on SIGTERM',
    )
  })

  it("keeps the crashed run's last lines, stderr first, while it waits to restart", async () => {
    const manager = manage([
      {
        name: 'crashy',
        port: null,
        command: fixture('crasher.mjs'),
        ...FAST,
        restart: { backoff: 2000, maxRestarts: 3 },
      },
    ])
    void manager.startNode('crashy')
    const waiting = await waitFor(
      'backoff',
      () => manager.node('crashy').snapshot(),
      (node) => node.state === 'backoff',
    )
    expect(waiting.crashLines).toEqual([expect.stringMatching(/something went wrong$/)])
  })

  it('quotes the lines that explain a node that never got ready, not its heartbeats', async () => {
    const folder = tempFolder()
    const script = join(folder, 'noisy.mjs')
    writeFileSync(
      script,
      `console.error('config: missing DATABASE_URL')
setInterval(() => console.log('heartbeat'), 20)`,
    )
    const port = await freePort()
    const manager = manage([
      {
        name: 'noisy',
        port,
        command: `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`,
        ...FAST,
        readiness: { timeout: '600ms', interval: 50 },
      },
    ])
    const failed = await manager.startNode('noisy')
    expect(failed.diagnosis?.code).toBe('never-ready')
    expect(failed.diagnosis?.lastLines).toEqual(['config: missing DATABASE_URL'])
  })
})
