import { describe, expect, it } from 'vitest'
import { type ClusterEvent, ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import type { NodeState } from '../../../src/shared/domain/node'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, FAST, fixture, freePorts, waitFor } from '../../helpers/fixtures'

const disposeLater = disposeAfterEach()

/** A manager and every state change it makes, with when it was made. */
function manage(nodes: unknown[]) {
  const manager = new ClusterManager(cluster(nodes))
  disposeLater(manager)
  const changes: Array<{ node: string; to: NodeState; at: number }> = []
  manager.subscribe((event: ClusterEvent) => {
    if (event.type === 'state') {
      changes.push({ node: event.change.node, to: event.change.to, at: performance.now() })
    }
  })
  /** When `node` first entered `state`, or NaN. */
  const when = (node: string, state: NodeState) =>
    changes.find((change) => change.node === node && change.to === state)?.at ?? Number.NaN
  const whenLast = (node: string, state: NodeState) =>
    changes.findLast((change) => change.node === node && change.to === state)?.at ?? Number.NaN
  return { manager, changes, when, whenLast }
}

/** db (slow to be healthy), a one-shot migrate that needs it, two web replicas that need both. */
async function stack(): Promise<Array<Record<string, unknown>>> {
  const [db, web] = await freePorts(2)
  return [
    {
      name: 'db',
      port: db,
      command: fixture('http-node.mjs'),
      env: { SLOW_START_MS: '600' },
      ...FAST,
    },
    {
      name: 'migrate',
      port: null,
      command: fixture('crasher.mjs'),
      env: { EXIT_CODE: '0', DELAY_MS: '300' },
      restart: 'never',
      dependsOn: { db: 'healthy' },
    },
    {
      name: 'web',
      replicas: 2,
      port: web,
      command: fixture('http-node.mjs'),
      dependsOn: { db: 'healthy', migrate: 'completed' },
      ...FAST,
    },
  ]
}

describe('a stack with dependencies', () => {
  it('starts each node once what it depends on holds, and stops dependents first', async () => {
    const { manager, changes, when, whenLast } = manage(await stack())
    const started = manager.startAll()
    // Soon after Start cluster, web waits and says on what.
    const waiting = await waitFor(
      'web1 to wait',
      () => manager.node('web1').snapshot(),
      (node) => node.state === 'waiting' && node.waitingFor.length > 0,
    )
    expect(waiting.waitingFor).toEqual(
      expect.arrayContaining([{ node: 'db', condition: 'healthy' }]),
    )
    const snapshot = await started
    expect(snapshot.nodes.map((node) => [node.name, node.state])).toEqual([
      ['db', 'running'],
      ['migrate', 'completed'],
      ['web1', 'running'],
      ['web2', 'running'],
    ])
    // The order, from the engine's own events.
    expect(when('migrate', 'starting')).toBeGreaterThanOrEqual(when('db', 'running'))
    for (const web of ['web1', 'web2']) {
      expect(when(web, 'starting')).toBeGreaterThanOrEqual(when('db', 'running'))
      expect(when(web, 'starting')).toBeGreaterThanOrEqual(when('migrate', 'completed'))
    }
    expect(changes.some((c) => c.node === 'db' && c.to === 'waiting')).toBe(false)

    await manager.stopAll()
    for (const web of ['web1', 'web2']) {
      expect(whenLast(web, 'stopped')).toBeLessThanOrEqual(whenLast('db', 'stopping'))
    }
    expect(manager.node('db').snapshot().state).toBe('stopped')
  })

  it('fails a dependent whose dependency failed, naming it, instead of leaving it waiting', async () => {
    const nodes = await stack()
    nodes[0] = {
      name: 'db',
      port: nodes[0]?.port,
      command: fixture('crasher.mjs'),
      restart: 'never',
    }
    const { manager } = manage(nodes)
    const snapshot = await manager.startAll()
    const byName = Object.fromEntries(snapshot.nodes.map((node) => [node.name, node]))
    expect(byName.db?.state).toBe('failed')
    for (const name of ['migrate', 'web1', 'web2']) {
      expect(byName[name]?.state).toBe('failed')
      expect(byName[name]?.diagnosis?.code).toBe('dependency-failed')
      expect(byName[name]?.diagnosis?.problem).toMatch(/it needs db healthy, and db failed/)
    }
  })

  it('starts a node with what it depends on, or alone with dependencies: false', async () => {
    const { manager } = manage(await stack())
    const alone = await manager.startNode('web1', { dependencies: false })
    expect(alone.state).toBe('running')
    expect(manager.node('db').snapshot().state).toBe('stopped')
    await manager.stopNode('web1')

    const web1 = await manager.startNode('web1')
    expect(web1.state).toBe('running')
    expect(manager.node('db').snapshot().state).toBe('running')
    expect(manager.node('migrate').snapshot().state).toBe('completed')
    expect(manager.node('web2').snapshot().state).toBe('stopped')

    // A node waiting for its dependencies starts at once when told to do without them.
    await manager.stopAll()
    const waiting = manager.startNode('web2')
    await waitFor(
      'web2 to wait',
      () => manager.node('web2').snapshot().state,
      (s) => s === 'waiting',
    )
    expect((await manager.startNode('web2', { dependencies: false })).state).toBe('running')
    expect(manager.node('db').snapshot().state).not.toBe('running')
    await waiting
  })

  it('restarts no dependent when a dependency crashes and comes back', async () => {
    const { manager } = manage(await stack())
    await manager.startAll()
    const pid = manager.node('web1').snapshot().pid
    await manager.killNode('db')
    await waitFor(
      'db to be back',
      () => manager.node('db').snapshot(),
      (db) => db.state === 'running' && db.restarts === 1,
    )
    expect(manager.node('web1').snapshot()).toMatchObject({ state: 'running', pid })
  })
})
