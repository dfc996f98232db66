import { afterAll, describe, expect, it } from 'vitest'
import { ensureEpmd } from '../../../src/engine/erlang/epmd'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import type { ErlangMesh } from '../../../src/shared/domain/erlang'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { ERLANG_HELPER, erlangNode, nodesSeenBy, privateEpmd } from '../../helpers/erlang'
import { cluster, freePort, freePorts, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const epmd = await privateEpmd()
const disposeLater = disposeAfterEach()
afterAll(() => epmd.stop())

function manage(nodes: unknown[], extra: Record<string, unknown> = {}) {
  const manager = new ClusterManager(cluster(nodes, extra), {
    env: epmd.env,
    erlangHelper: ERLANG_HELPER,
  })
  disposeLater(manager)
  const meshes: ErlangMesh[] = []
  manager.subscribe((event) => event.type === 'mesh' && meshes.push(event.mesh))
  return { manager, meshes }
}

const seesOf = (mesh: ErlangMesh) =>
  Object.fromEntries(mesh.nodes.map((node) => [node.name, [...node.sees].sort()]))

const FULL = (n: number) => `node${n}@127.0.0.1`

describe('the Erlang mesh', () => {
  it('joins three nodes that never connect by themselves into one cluster within 10 s', async () => {
    const ports = await freePorts(3)
    const { manager, meshes } = manage(ports.map((port, i) => erlangNode(`node${i + 1}`, port)))
    const started = Date.now()
    await manager.startAll()
    const mesh = await waitFor(
      'the mesh to form',
      () => manager.mesh(),
      (m) => m.formed,
      10_000,
    )
    console.log(`erlang mesh formed ${Date.now() - started} ms after Start cluster`)
    expect(seesOf(mesh)).toEqual({
      node1: [FULL(2), FULL(3)],
      node2: [FULL(1), FULL(3)],
      node3: [FULL(1), FULL(2)],
    })
    // The nodes themselves say so, and the hidden helper is in no node's nodes().
    expect(await nodesSeenBy(ports[0]!)).toEqual([FULL(2), FULL(3)])
    expect(await nodesSeenBy(ports[1]!)).toEqual([FULL(1), FULL(3)])
    expect(await nodesSeenBy(ports[2]!)).toEqual([FULL(1), FULL(2)])
    expect(mesh.nodes.every((node) => node.otpRelease && node.processes! > 0)).toBe(true)
    expect(mesh.nodes.every((node) => node.memoryBytes! > 1_000_000)).toBe(true)
    expect(mesh.epmd.names.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['node1', 'node2', 'node3']),
    )
    expect(meshes.at(-1)?.formed).toBe(true)
    expect(manager.snapshot().erlang).toEqual({ formed: true })
  })

  it('joins nodes as soon as their distribution is up, before their readiness check passes', async () => {
    const ports = await freePorts(2)
    // The first readiness check finds the port closed; the next one is 10 s away.
    const slow = { readiness: { timeout: '30s', interval: '10s' } }
    const { manager } = manage(
      ports.map((port, i) => erlangNode(`node${i + 1}`, port, { extra: slow })),
    )
    void manager.startAll()
    const seen = await waitFor(
      'node1 to see node2',
      () => nodesSeenBy(ports[0]!).catch(() => []),
      (nodes) => nodes.length === 1,
      8000,
    )
    expect(seen).toEqual([FULL(2)])
    expect(manager.snapshot().nodes.map((node) => node.state)).toEqual(['starting', 'starting'])
  })

  it('partitions node2 off the others and heals it again', async () => {
    const ports = await freePorts(3)
    const { manager } = manage(ports.map((port, i) => erlangNode(`node${i + 1}`, port)))
    await manager.startAll()
    await waitFor(
      'the mesh to form',
      () => manager.mesh(),
      (m) => m.formed,
      10_000,
    )

    // The answer comes once the cut has settled: global on node1 and node3 drops and retakes
    // their own link when node2 goes.
    const apart = await manager.partition('node2')
    expect(apart.formed).toBe(false)
    expect(seesOf(apart)).toEqual({ node1: [FULL(3)], node2: [], node3: [FULL(1)] })
    expect(apart.nodes.find((node) => node.name === 'node2')?.partitioned).toBe(true)
    expect(await nodesSeenBy(ports[1]!)).toEqual([])
    expect(await nodesSeenBy(ports[0]!)).toEqual([FULL(3)])
    // Nothing reconnects it on its own, however long one waits for a look or two.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(await nodesSeenBy(ports[1]!)).toEqual([])

    await manager.heal()
    const healed = await waitFor(
      'the mesh to heal',
      () => manager.mesh(),
      (m) => m.formed,
      5000,
    )
    expect(healed.nodes.some((node) => node.partitioned)).toBe(false)
    expect(await nodesSeenBy(ports[1]!)).toEqual([FULL(1), FULL(3)])
  })
})

describe('what the mesh tells', () => {
  it("names the cookie when a node refuses the cluster's cookie", async () => {
    const ports = await freePorts(2)
    // node2's cookie comes from ERL_FLAGS, which no validator can see on its command line.
    const { manager } = manage([
      erlangNode('node1', ports[0]!),
      erlangNode('node2', ports[1]!, {
        cookie: '',
        extra: { env: { ERL_FLAGS: '-setcookie another-cookie' } },
      }),
    ])
    await manager.startAll()
    const mesh = await waitFor(
      'node2 to be found unreachable',
      () => manager.mesh(),
      (m) => m.nodes.some((node) => node.problem),
      15_000,
    )
    const node2 = mesh.nodes.find((node) => node.name === 'node2')!
    expect(node2.reachable).toBe(false)
    expect(node2.problem?.problem).toMatch(/its cookie differs from the cluster's/)
    expect(node2.problem?.fix).toMatch(/--cookie/)
    expect(mesh.formed).toBe(false)
    await waitFor(
      "node2's log to tell of the refused connection",
      () => manager.mesh().nodes.find((node) => node.name === 'node2')?.problem?.problem,
      (problem) => /Its log says the connection was refused/.test(problem ?? ''),
    )
  })

  it('leaves the nodes apart with connect: false, and is formed for one lone node', async () => {
    const ports = await freePorts(2)
    const { manager } = manage(
      ports.map((port, i) => erlangNode(`node${i + 1}`, port)),
      { erlang: { connect: false } },
    )
    await manager.startAll()
    const mesh = await waitFor(
      'both to be reachable',
      () => manager.mesh(),
      (m) => m.nodes.every((node) => node.reachable),
    )
    expect(mesh.connect).toBe(false)
    expect(mesh.formed).toBe(false)
    expect(await nodesSeenBy(ports[0]!)).toEqual([])
    await manager.stopNode('node2')
    const alone = await waitFor(
      'node1 alone',
      () => manager.mesh(),
      (m) => m.formed,
    )
    expect(alone.nodes.map((node) => node.running)).toEqual([true, false])
  })

  it('gets a node without a port ready, and keeps it healthy, by Erlang ping', async () => {
    const port = await freePort()
    const { manager } = manage([
      {
        ...erlangNode('quiet', port),
        port: null,
        command: `elixir --sname quiet --cookie test-cookie -e ":timer.sleep(:infinity)"`,
        health: { type: 'erlang', interval: 200 },
      },
    ])
    const node = await manager.startNode('quiet')
    expect(node.state).toBe('running')
    const history = await waitFor(
      'a few pings',
      () => manager.healthHistory('quiet'),
      (probes) => probes.length >= 3,
    )
    expect(history.every((probe) => probe.ok)).toBe(true)
    expect(manager.snapshot().nodes[0]?.health).toBe('healthy')
  })

  it('says why it is empty when Erlang is not installed, and the other nodes run', async () => {
    const own = await privateEpmd()
    const manager = new ClusterManager(
      cluster([
        { name: 'web', port: null, command: '/bin/sleep 30' },
        { name: 'beam', port: null, command: '/bin/sleep 30', erlang: { name: 'beam@127.0.0.1' } },
      ]),
      { env: { ...own.env, PATH: tempFolder('no-erlang') }, erlangHelper: ERLANG_HELPER },
    )
    disposeLater(manager)
    const { nodes } = await manager.startAll()
    expect(nodes.map((node) => node.state)).toEqual(['running', 'failed'])
    expect(nodes[1]?.diagnosis?.code).toBe('epmd-unavailable')
    expect(nodes[1]?.diagnosis?.problem).toMatch(/epmd is not on PATH; install Erlang/)
    expect(manager.mesh().why).toMatch(/epmd is not on PATH/)

    // With epmd there (started by another Erlang install), it is the helper that is missing.
    await ensureEpmd(own.env)
    try {
      expect((await manager.startNode('beam')).state).toBe('running')
      const mesh = await waitFor(
        'the mesh to say why',
        () => manager.mesh(),
        (m) => /escript/.test(m.why ?? ''),
      )
      expect(mesh.available).toBe(false)
      expect(mesh.why).toMatch(/escript is not on PATH: install Erlang/)
    } finally {
      own.stop()
    }
  })
})
