import { execFileSync, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureEpmd, queryEpmd } from '../../../src/engine/erlang/epmd'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { procTable } from '../../../src/engine/supervisor/process/process-table'
import { readMark } from '../../../src/engine/supervisor/process/tree-marks'
import { sweepEarlierRuns } from '../../../src/engine/supervisor/process/tree-records'
import { isolatedEnv, startUp } from '../../helpers/cli'
import { epmdPidsOn } from '../../helpers/epmd-pids'
import { ERLANG_HELPER, erlangNode, privateEpmd } from '../../helpers/erlang'
import { cluster, FAST, freePort, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const epmds: Array<Awaited<ReturnType<typeof privateEpmd>>> = []
async function anEpmd() {
  const epmd = await privateEpmd()
  epmds.push(epmd)
  return epmd
}
afterAll(() => {
  for (const epmd of epmds) epmd.stop()
})

/** The pid of the epmd serving `port`. */
const epmdPid = (port: number): number | undefined => epmdPidsOn(port)[0]

/** A node that starts its own epmd as a daemon, as the first Erlang node of a machine does. */
const epmdStarter = (port: number) => ({
  name: 'starter',
  port: null,
  command: `epmd -port ${port} -daemon && exec sleep 600`,
  ...FAST,
})

describe('epmd, a service of the machine', () => {
  it('is asked over its own protocol, and started outside every tree when nobody answers', async () => {
    const epmd = await anEpmd()
    expect(await queryEpmd(epmd.port)).toEqual({ ok: false, error: 'connection refused' })
    const names = await ensureEpmd({ ...epmd.env, CLUSTER_DESK_TREE: '1.1:1/1/web' })
    expect(names).toEqual({ ok: true, names: [] })
    // Started without the tree mark it was handed: nothing of Cluster Desk's will end it.
    const pid = epmdPid(epmd.port)
    expect(pid).toBeGreaterThan(0)
    expect(readMark(pid!)).toBeNull()
  })

  it('outlives the stop of the node that started it, though it carries the node’s mark', async () => {
    const epmd = await anEpmd()
    const manager = new ClusterManager(cluster([epmdStarter(epmd.port)]))
    await manager.startAll()
    const pid = await waitFor('epmd to run', () => epmdPid(epmd.port), Boolean)
    expect(readMark(pid!)).toMatch(/\/starter$/)
    await manager.dispose()
    expect(await epmd.running()).toBe(true)
  })

  it('outlives the sweep of a dead engine whose mark it carries', async () => {
    const epmd = await anEpmd()
    const deadEngine = { pid: 4_000_002, start: 1 }
    const env = { ...process.env, CLUSTER_DESK_TREE: `${deadEngine.pid}.1:1/1/web` }
    execFileSync('epmd', ['-port', String(epmd.port), '-daemon'], { env })
    const sibling = spawn('sleep', ['30'], { detached: true, stdio: 'ignore', env })
    await waitFor('both to run', () => epmdPid(epmd.port) && sibling.pid, Boolean)
    const folder = tempFolder('sweep')
    writeFileSync(
      join(folder, `nodes-${deadEngine.pid}.json`),
      JSON.stringify({ owner: deadEngine, nodes: {} }),
    )
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(1)
    await waitFor(
      'the sibling to be stopped',
      () => procTable.isAlive(sibling.pid!),
      (a) => !a,
    )
    expect(await epmd.running()).toBe(true)
  })

  it('outlives a kill -9 of the host, whose watchdog ends every node', async () => {
    const shared = await anEpmd()
    const ownStarted = await anEpmd()
    const env = { ...isolatedEnv(), ERL_EPMD_PORT: String(shared.port) }
    const port = await freePort()
    const path = join(tempFolder('config'), 'cluster.json')
    writeFileSync(
      path,
      JSON.stringify({
        name: 'erlang-orphans',
        nodes: [erlangNode('node1', port), epmdStarter(ownStarted.port)],
      }),
    )
    const up = await startUp(path, env)
    const beam = await waitFor(
      'node1 to register',
      async () => (await queryEpmd(shared.port)).ok && epmdPid(ownStarted.port),
      Boolean,
      30_000,
    )
    expect(beam).toBeTruthy()
    const names = await queryEpmd(shared.port)
    expect(names.ok && names.names.map((n) => n.name)).toContain('node1')
    up.child.kill('SIGKILL')
    await waitFor(
      'node1 to be gone',
      async () => {
        const after = await queryEpmd(shared.port)
        return after.ok && after.names.some((n) => n.name === 'node1')
      },
      (registered) => !registered,
    )
    expect(await shared.running()).toBe(true)
    expect(await ownStarted.running()).toBe(true)
  }, 40_000)
})

it('an Erlang node is refused before it starts when its name is registered already', async () => {
  const epmd = await anEpmd()
  const other = spawn(
    'elixir',
    ['--name', 'node9@127.0.0.1', '--cookie', 'x', '-e', ':timer.sleep(:infinity)'],
    { env: epmd.env, stdio: 'ignore', detached: true },
  )
  try {
    await waitFor(
      'the other node9 to register',
      async () => {
        const names = await queryEpmd(epmd.port)
        return names.ok && names.names.some((n) => n.name === 'node9')
      },
      Boolean,
      20_000,
    )
    const port = await freePort()
    const manager = new ClusterManager(cluster([erlangNode('node9', port, { extra: FAST })]), {
      env: epmd.env,
      erlangHelper: ERLANG_HELPER,
    })
    const node = await manager.startNode('node9')
    expect(node.state).toBe('failed')
    expect(node.diagnosis?.code).toBe('erlang-name-in-use')
    expect(node.diagnosis?.problem).toContain(`by pid ${other.pid} `)
    expect(node.diagnosis?.fix).toContain(`kill ${other.pid}`)
    // Refused before spawning anything: no process was started for it.
    const lines = manager.readLogs('node9').lines.map((line) => line.text)
    expect(lines.some((text) => text.startsWith('started pid'))).toBe(false)
    await manager.dispose()
  } finally {
    process.kill(-other.pid!, 'SIGKILL')
  }
}, 30_000)
