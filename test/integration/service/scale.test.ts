import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClusterService } from '../../../src/engine/service/cluster-service'
import { loadClusterFile } from '../../../src/engine/supervisor/cluster-file'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { FAST, fixture, freePorts } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

/** A service on a cluster file: a web group of 2 from a port, a balancer that needs it. */
async function fromFile() {
  const [web, lb] = await freePorts(2)
  const path = join(tempFolder('scale'), 'cluster-desk.json')
  const node = { command: fixture('http-node.mjs'), ...FAST }
  writeFileSync(
    path,
    JSON.stringify({
      name: 'shop',
      nodes: [
        { name: 'web', replicas: 2, port: web, ...node },
        { name: 'lb', port: lb, dependsOn: ['web'], ...node },
        { name: 'worker', port: null, command: fixture('announces.mjs') },
      ],
    }),
  )
  const loaded = await loadClusterFile(path)
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const service = new ClusterService([
    { spec: loaded.cluster, source: path, definition: loaded.definition, baseDir: loaded.baseDir },
  ])
  disposeLater(service)
  return { service, web: web!, path }
}

describe('scaling a replica group at run time', () => {
  it('adds replicas with the next names and ports and starts them, disturbing no other node', async () => {
    const { service, web } = await fromFile()
    await service.dispatch('cd:cluster:start', {})
    const before = service.manager.snapshot()
    const pidOf = (name: string) => before.nodes.find((node) => node.name === name)?.pid
    const up = await service.run('cd:group:scale', { group: 'web', replicas: 4 })
    if (!up.ok) throw new Error(up.error.message)
    const nodes = Object.fromEntries(up.value.nodes.map((node) => [node.name, node]))
    expect(up.value.nodes.map((node) => node.name)).toEqual([
      'web1',
      'web2',
      'web3',
      'web4',
      'lb',
      'worker',
    ])
    expect([nodes.web3?.port, nodes.web4?.port]).toEqual([web + 2, web + 3])
    expect([nodes.web3?.state, nodes.web4?.state]).toEqual(['running', 'running'])
    expect(nodes.web3?.group).toBe('web')
    // lb depends on every web replica now, and still runs as it did.
    for (const name of ['web1', 'web2', 'lb', 'worker']) expect(nodes[name]?.pid).toBe(pidOf(name))
    expect(service.manager.node('lb').spec.dependsOn.map((dep) => dep.node)).toEqual([
      'web1',
      'web2',
      'web3',
      'web4',
    ])
  })

  it('stops removed replicas highest index first, and says what cannot be scaled', async () => {
    const { service } = await fromFile()
    await service.dispatch('cd:cluster:start', {})
    await service.dispatch('cd:group:scale', { group: 'web', replicas: 3 })
    const order: string[] = []
    service.manager.subscribe((event) => {
      if (event.type === 'state' && event.change.to === 'stopped') order.push(event.change.node)
    })
    const down = await service.run('cd:group:scale', { group: 'web', replicas: 1 })
    if (!down.ok) throw new Error(down.error.message)
    expect(order).toEqual(['web3', 'web2'])
    expect(down.value.nodes.map((node) => node.name)).toEqual(['web1', 'lb', 'worker'])

    expect(await service.dispatch('cd:group:scale', { group: 'lb', replicas: 2 })).toMatchObject({
      ok: false,
      error: { message: 'lb is a single node, not a replica group.' },
    })
    expect(await service.dispatch('cd:group:scale', { group: 'api', replicas: 2 })).toMatchObject({
      ok: false,
      error: { message: 'There is no replica group named "api".', fix: 'Scale one of: web.' },
    })
    expect(await service.dispatch('cd:group:scale', { group: 'web', replicas: 0 })).toMatchObject({
      ok: false,
      error: { message: 'A replica group keeps at least 1 replica; 0 asked.' },
    })
  })
})

describe('opening a cluster file into a running service', () => {
  it('switches to it, or changes the loaded one in place', async () => {
    const { service, path } = await fromFile()
    await service.dispatch('cd:cluster:start', {})
    const workerPid = service.manager.node('worker').snapshot().pid
    const loaded = await loadClusterFile(path)
    if (!loaded.ok) throw new Error('valid')
    // The same cluster again: in place, nothing restarted.
    await service.open({ spec: loaded.cluster, source: path })
    expect(service.manager.node('worker').snapshot().pid).toBe(workerPid)

    const other = { ...loaded.cluster, name: 'other' }
    await service.open({ spec: other, source: 'elsewhere' })
    expect(service.manager.name).toBe('other')
    const list = await service.run('cd:clusters:list', {})
    expect(list.ok && list.value.map((c) => [c.name, c.active])).toEqual([
      ['shop', false],
      ['other', true],
    ])
  })
})
