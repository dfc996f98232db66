import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ClusterEvent, ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { shellQuote } from '../../../src/engine/supervisor/demo-cluster'
import { isPortOpen } from '../../../src/engine/supervisor/process/port-check'
import type { NodeState } from '../../../src/shared/domain/node'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, DEMO_NODE, FAST, fixture, freePort, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

function manage(nodes: unknown[]) {
  const manager = new ClusterManager(cluster(nodes))
  disposeLater(manager)
  const events: ClusterEvent[] = []
  manager.subscribe((event) => events.push(event))
  const states = (name: string) =>
    events.flatMap((e) => (e.type === 'state' && e.change.node === name ? [e.change.to] : []))
  return { manager, events, states }
}

const stateOf = (manager: ClusterManager, name: string) => manager.node(name).snapshot().state

describe('a node through its lifecycle', () => {
  it('starts, becomes ready and healthy, gets its identity in the environment, and stops', async () => {
    const port = await freePort()
    const { manager, states } = manage([
      {
        name: 'web',
        port,
        command: `${shellQuote(process.execPath)} ${shellQuote(DEMO_NODE)}`,
        ...FAST,
      },
    ])
    const started = await manager.startNode('web')
    expect(started).toMatchObject({ state: 'running', health: 'healthy', port })
    expect(started.pid).toBeGreaterThan(0)

    const response = await fetch(`http://127.0.0.1:${port}/api/health`)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({ node: 'web', status: 'ok' })
    expect(body.uptime_ms).toEqual(expect.any(Number))

    const stopped = await manager.stopNode('web')
    expect(stopped).toMatchObject({ state: 'stopped', pid: null })
    expect(await isPortOpen('127.0.0.1', port)).toBe(false)
    expect(states('web')).toEqual(['starting', 'running', 'stopping', 'stopped'])
    const system = manager.readLogs('web', { streams: ['system'] }).lines.map((l) => l.text)
    expect(system[0]).toMatch(/^started pid \d+/)
    expect(system.at(-1)).toMatch(/^stopped/)
  })

  it('restarts a crashing node with growing delays, then fails with a diagnosis', async () => {
    const { manager, events } = manage([
      {
        name: 'crashy',
        port: null,
        command: fixture('crasher.mjs'),
        ...FAST,
        restart: { backoff: 50, maxBackoff: 1000, maxRestarts: 3 },
      },
    ])
    await manager.startNode('crashy')
    await waitFor(
      'failed',
      () => stateOf(manager, 'crashy'),
      (s) => s === 'failed',
    )

    const delays = events.flatMap((e) =>
      e.type === 'state' && e.change.to === 'backoff'
        ? [e.snapshot.nextRestartAt! - e.change.at]
        : [],
    )
    expect(delays).toEqual([50, 100, 200])
    // And the restarts happened then: from entering backoff to starting again, as the clock
    // measures it (a timer may not fire early; a loaded machine may make it a little late).
    const changes = events.flatMap((e) => (e.type === 'state' ? [e.change] : []))
    const waited = changes.flatMap((change, i) => {
      if (change.to !== 'backoff') return []
      const next = changes.slice(i + 1).find((later) => later.to === 'starting')
      return next ? [next.at - change.at] : []
    })
    expect(waited).toHaveLength(3)
    waited.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(delays[i]! - 1)
      expect(ms).toBeLessThan(delays[i]! + 150)
    })
    const failed = manager.node('crashy').snapshot()
    expect(failed.restarts).toBe(3)
    expect(failed.diagnosis).toMatchObject({ code: 'restarts-exhausted' })
    expect(failed.diagnosis?.problem).toContain('exit code 1')
    expect(failed.diagnosis?.lastLines?.[0]).toMatch(/something went wrong/)
    // The failed node keeps its output from every run.
    const stderr = manager.readLogs('crashy', { streams: ['stderr'] }).lines
    expect(stderr).toHaveLength(4)
  })

  it('cancels a pending restart when stopped during backoff', async () => {
    const { manager, states } = manage([
      { name: 'crashy', port: null, command: fixture('crasher.mjs'), restart: { backoff: 400 } },
    ])
    await manager.startNode('crashy')
    await waitFor(
      'backoff',
      () => stateOf(manager, 'crashy'),
      (s) => s === 'backoff',
    )
    const stopped = await manager.stopNode('crashy')
    expect(stopped).toMatchObject({ state: 'stopped', nextRestartAt: null })
    // Wait past the moment the restart was due: it must not happen.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(states('crashy').filter((s) => s === 'starting')).toHaveLength(1)
    expect(stateOf(manager, 'crashy')).toBe('stopped')
  })

  it('obeys the later of a start and a stop asked at the same moment', async () => {
    const { manager } = manage([{ name: 'sleeper', port: null, command: 'sleep 30' }])
    const [, stopped] = await Promise.all([
      manager.startNode('sleeper'),
      manager.stopNode('sleeper'),
    ])
    expect(stopped).toMatchObject({ state: 'stopped', pid: null })
    expect(stateOf(manager, 'sleeper')).toBe('stopped')

    await manager.startNode('sleeper')
    const [, started] = await Promise.all([
      manager.stopNode('sleeper'),
      manager.startNode('sleeper'),
    ])
    expect(started).toMatchObject({ state: 'running', pid: expect.any(Number) })
  })

  it('ends in exited, not failed, when the process exits with code 0', async () => {
    const { manager } = manage([
      { name: 'job', port: null, command: fixture('crasher.mjs'), env: { EXIT_CODE: '0' } },
    ])
    await manager.startNode('job')
    const snapshot = await waitFor(
      'exited',
      () => manager.node('job').snapshot(),
      (s) => s.state === 'exited',
    )
    expect(snapshot).toMatchObject({ restarts: 0, lastExit: { code: 0, signal: null } })
  })

  it('ends a one-shot task (restart: never) that exits with 0 in completed, and one that fails in failed', async () => {
    const { manager, states } = manage([
      {
        name: 'migrate',
        port: null,
        command: fixture('crasher.mjs'),
        env: { EXIT_CODE: '0' },
        restart: 'never',
      },
      {
        name: 'broken',
        port: null,
        command: fixture('crasher.mjs'),
        env: { EXIT_CODE: '3' },
        restart: 'never',
      },
    ])
    await manager.startAll()
    await waitFor(
      'both to end',
      () => [states('migrate').at(-1), states('broken').at(-1)],
      (s) => s.every((state) => state === 'completed' || state === 'failed'),
    )
    expect(manager.node('migrate').snapshot()).toMatchObject({
      state: 'completed',
      diagnosis: null,
    })
    expect(manager.node('broken').snapshot()).toMatchObject({
      state: 'failed',
      diagnosis: { code: 'exited-with-error' },
    })
  })

  it('treats a kill as a crash: backoff, then running again with the restart count at 1', async () => {
    const port = await freePort()
    const { manager, states } = manage([
      { name: 'web', port, command: fixture('http-node.mjs'), ...FAST },
    ])
    const first = await manager.startNode('web')
    manager.killNode('web')
    // Between the exit and the moment its last output is in, the old run still reads
    // "running" with no pid: wait for a new process, not just a different pid.
    const again = await waitFor(
      'running after kill',
      () => manager.node('web').snapshot(),
      (s) => s.state === 'running' && s.pid !== null && s.pid !== first.pid,
    )
    expect(again.restarts).toBe(1)
    expect(again.lastExit?.signal).toBe('SIGKILL')
    expect(states('web')).toEqual([
      'starting',
      'running',
      'crashed',
      'backoff',
      'starting',
      'running',
    ])
  })

  it('stops nodes of a cluster in parallel', async () => {
    const { manager, events } = manage([
      {
        name: 'a',
        port: null,
        command: fixture('ignores-sigterm.mjs'),
        stop: { killTimeout: 500 },
      },
      {
        name: 'b',
        port: null,
        command: fixture('ignores-sigterm.mjs'),
        stop: { killTimeout: 500 },
      },
      {
        name: 'c',
        port: null,
        command: fixture('ignores-sigterm.mjs'),
        stop: { killTimeout: 500 },
      },
    ])
    await manager.startAll()
    const snapshot = await manager.stopAll()
    expect(snapshot.nodes.map((n) => n.state)).toEqual(['stopped', 'stopped', 'stopped'])
    const order = events.flatMap((e) =>
      e.type === 'state' && (e.change.to === 'stopping' || e.change.to === 'stopped')
        ? [e.change.to]
        : [],
    )
    // All three began stopping before any finished: the SIGKILL waits overlapped.
    expect(order.slice(0, 3)).toEqual<NodeState[]>(['stopping', 'stopping', 'stopping'])
  })

  it('starts only autostart nodes with the cluster', async () => {
    const { manager } = manage([
      { name: 'on', port: null, command: fixture('ignores-sigterm.mjs') },
      { name: 'off', port: null, command: fixture('ignores-sigterm.mjs'), autostart: false },
    ])
    const snapshot = await manager.startAll()
    expect(snapshot.nodes.map((n) => [n.name, n.state])).toEqual([
      ['on', 'running'],
      ['off', 'stopped'],
    ])
  })
})

describe('diagnosis of a start that fails', () => {
  let holder: Server | undefined
  afterEach(() => {
    holder?.close()
    holder = undefined
  })

  it('names the process holding the port', async () => {
    const port = await freePort()
    holder = createServer()
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve))
    const { manager } = manage([{ name: 'web', port, command: fixture('http-node.mjs') }])
    const snapshot = await manager.startNode('web')
    expect(snapshot.state).toBe('failed')
    expect(snapshot.diagnosis?.code).toBe('port-in-use')
    expect(snapshot.diagnosis?.problem).toContain(`pid ${process.pid}`)
    expect(snapshot.diagnosis?.fix).toContain(`kill ${process.pid}`)
  })

  it('says when the command does not exist', async () => {
    const { manager } = manage([{ name: 'x', port: null, command: 'no-such-program-here --flag' }])
    await manager.startNode('x')
    const snapshot = await waitFor(
      'failed',
      () => manager.node('x').snapshot(),
      (s) => s.state === 'failed',
    )
    expect(snapshot.diagnosis?.code).toBe('command-not-found')
    expect(snapshot.diagnosis?.problem).toContain('no-such-program-here')
    expect(snapshot.restarts).toBe(0)
  })

  it('says when the working folder is missing, without spawning', async () => {
    const { manager } = manage([{ name: 'x', port: null, command: 'true' }])
    const node = manager.node('x')
    ;(node.spec as { cwd: string }).cwd = '/no/such/folder'
    const snapshot = await manager.startNode('x')
    expect(snapshot).toMatchObject({
      state: 'failed',
      pid: null,
      diagnosis: { code: 'cwd-missing' },
    })
    expect(snapshot.diagnosis?.problem).toContain('/no/such/folder')
  })

  it('ends a start the system refuses (E2BIG) as failed, naming the sizes, instead of hanging', async () => {
    const { manager } = manage([
      { name: 'big', port: null, command: 'true', env: { HUGE_VALUE: 'x'.repeat(200_000) } },
    ])
    const snapshot = await manager.startNode('big')
    expect(snapshot).toMatchObject({
      state: 'failed',
      pid: null,
      diagnosis: { code: 'spawn-failed' },
    })
    expect(snapshot.diagnosis?.problem).toMatch(
      /big could not be started: the system refused its command line and environment as too large \(E2BIG\): .* in all, the command line 4 bytes, the largest variable \(HUGE_VALUE\) 200000 bytes\./,
    )
    expect(snapshot.diagnosis?.fix).toContain('128 KiB per value')
  })

  it('says when permission is denied', async () => {
    const script = join(tempFolder('test'), 'not-executable.sh')
    writeFileSync(script, 'echo hi\n', { mode: 0o644 })
    const { manager } = manage([{ name: 'x', port: null, command: shellQuote(script) }])
    await manager.startNode('x')
    const snapshot = await waitFor(
      'failed',
      () => manager.node('x').snapshot(),
      (s) => s.state === 'failed',
    )
    expect(snapshot.diagnosis?.code).toBe('permission-denied')
  })

  it('says when a node never opens its port, and stops it', async () => {
    const { manager } = manage([
      {
        name: 'mute',
        command: fixture('ignores-sigterm.mjs'),
        readiness: { timeout: 600, interval: 50 },
        stop: { killTimeout: 300 },
      },
    ])
    const snapshot = await manager.startNode('mute')
    expect(snapshot.state).toBe('failed')
    expect(snapshot.diagnosis?.code).toBe('never-ready')
    expect(snapshot.diagnosis?.fix).toContain('PORT')
    expect(snapshot.pid).toBeNull()
  })

  it('says when the health endpoint answers the wrong status', async () => {
    const port = await freePort()
    const { manager } = manage([
      {
        name: 'web',
        port,
        command: fixture('http-node.mjs'),
        env: { HEALTH_STATUS: '404' },
        readiness: { timeout: 600, interval: 50 },
      },
    ])
    const snapshot = await manager.startNode('web')
    expect(snapshot.diagnosis?.code).toBe('health-wrong-status')
    expect(snapshot.diagnosis?.problem).toContain('404')
    expect(await isPortOpen('127.0.0.1', port)).toBe(false)
  })

  it('recognises an Erlang node name already in use from the output', async () => {
    const port = await freePort()
    const line =
      "Protocol 'inet_tcp': the name node1@127.0.0.1 seems to be in use by another Erlang node"
    const { manager } = manage([{ name: 'node1', port, command: `echo "${line}"; exit 1` }])
    await manager.startNode('node1')
    const snapshot = await waitFor(
      'failed',
      () => manager.node('node1').snapshot(),
      (s) => s.state === 'failed',
    )
    expect(snapshot.diagnosis?.code).toBe('erlang-name-in-use')
    expect(snapshot.diagnosis?.problem).toContain('node1@127.0.0.1')
  })

  it('quotes the exit and the last stderr lines of a node that died while starting', async () => {
    const port = await freePort()
    const { manager } = manage([
      {
        name: 'x',
        port,
        command: fixture('crasher.mjs'),
        env: { EXIT_CODE: '3' },
        restart: 'never',
      },
    ])
    await manager.startNode('x')
    const snapshot = await waitFor(
      'failed',
      () => manager.node('x').snapshot(),
      (s) => s.state === 'failed',
    )
    expect(snapshot.diagnosis?.code).toBe('exited-during-start')
    expect(snapshot.diagnosis?.problem).toContain('exit code 3')
    expect(snapshot.diagnosis?.lastLines).toEqual([expect.stringMatching(/something went wrong/)])
  })
})
