import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { findPortOwner } from '../../../src/engine/supervisor/process/port-owner'
import {
  parseStat,
  processTree,
  procTable,
} from '../../../src/engine/supervisor/process/process-table'
import { stopProcessTree } from '../../../src/engine/supervisor/process/stop-process-tree'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, FIXTURES, fixture, freePort, waitFor } from '../../helpers/fixtures'
import { alivePids, parsePids } from '../../helpers/processes'

const disposeLater = disposeAfterEach()

/** Starts one fixture node with a short kill timeout, and waits until its output says ready. */
async function startFixture(
  name: string,
  program: string,
  options: Record<string, unknown>,
  ready: (texts: string[]) => boolean,
) {
  const manager = new ClusterManager(
    cluster([
      { name, port: null, command: fixture(program), stop: { killTimeout: 500 }, ...options },
    ]),
  )
  disposeLater(manager)
  await manager.startNode(name)
  const lines = await waitFor(
    `${name} to be ready`,
    () => manager.readLogs(name, { streams: ['stdout'] }).lines.map((l) => l.text),
    ready,
  )
  return { manager, lines }
}

async function startTree(env: Record<string, string>) {
  // Wait for the grandchild's own line too: before it, its SIGTERM handler may not exist yet.
  const { manager, lines } = await startFixture(
    'tree',
    'spawns-grandchild.mjs',
    { env },
    (texts) =>
      texts.some((t) => t.startsWith('parent')) && texts.some((t) => t.startsWith('ignoring')),
  )
  const pids = parsePids(lines.find((t) => t.startsWith('parent'))!)
  expect(alivePids(pids)).toEqual(pids)
  return { manager, pids }
}

describe('stopping a process tree', () => {
  it('leaves nothing alive when a grandchild ignores SIGTERM', async () => {
    const { manager, pids } = await startTree({})
    const snapshot = await manager.stopNode('tree')
    expect(snapshot.state).toBe('stopped')
    expect(alivePids(pids)).toEqual([])
    const system = manager.readLogs('tree', { streams: ['system'] }).lines.map((l) => l.text)
    expect(system).toContainEqual(expect.stringMatching(/killed with SIGKILL/))
  })

  it('also reaches a grandchild that moved to its own session (setsid)', async () => {
    const { manager, pids } = await startTree({ SETSID: '1', PARENT_IGNORES_TERM: '1' })
    const [, grandchild] = pids
    expect(procTable.read(grandchild!)?.pgid).toBe(grandchild)
    await manager.stopNode('tree')
    expect(alivePids(pids)).toEqual([])
  })

  describe('a daemon started by a double fork, which no parent link or group leads to', () => {
    async function startDaemonizing(env: Record<string, string>) {
      const { manager, lines } = await startFixture(
        'daemonizer',
        'daemonizes.mjs',
        { env, restart: 'never' },
        // With the main process gone at once, the engine may stop reading before a slow
        // machine boots the daemon far enough to print; its pid, printed first, is enough.
        (texts) => texts.some((t) => t.startsWith(env.MAIN_EXITS ? 'daemon' : 'ignoring')),
      )
      const daemon = Number(/^daemon (\d+)/.exec(lines.find((t) => t.startsWith('daemon'))!)![1])
      expect(procTable.read(daemon)?.ppid).not.toBe(manager.node('daemonizer').snapshot().pid)
      return { manager, daemon }
    }

    it('is part of a verified stop', async () => {
      const { manager, daemon } = await startDaemonizing({})
      expect(await manager.stopNode('daemonizer')).toMatchObject({ state: 'stopped' })
      expect(alivePids([daemon])).toEqual([])
    })

    it('dies with a main process that exits at once', async () => {
      const { manager, daemon } = await startDaemonizing({ MAIN_EXITS: '1' })
      await waitFor(
        'the main process to end',
        () => manager.node('daemonizer').snapshot().state,
        (s) => s === 'completed',
      )
      await waitFor(
        'the daemon to be gone',
        () => alivePids([daemon]),
        (alive) => alive.length === 0,
        3000,
      )
    })
  })

  it('finishes as soon as the tree is gone, without waiting for the kill timeout', async () => {
    const child = spawn('sleep 30 & sleep 30 & wait', {
      shell: true,
      detached: true,
      stdio: 'ignore',
    })
    await waitFor(
      'both sleeps',
      () => processTree(procTable, child.pid!, child.pid!).length,
      (n) => n === 3,
    )
    const started = Date.now()
    const result = await stopProcessTree(procTable, {
      pid: child.pid!,
      pgid: child.pid!,
      signal: 'SIGTERM',
      killTimeoutMs: 20_000,
    })
    expect(result).toMatchObject({ forced: false, survivors: [], treeSize: 3 })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

describe('the process table', () => {
  it('parses a stat line whose command holds spaces and parentheses', () => {
    const fields = Array.from({ length: 20 }, (_, i) => String(i + 100)).join(' ')
    const info = parseStat(`42 (my (odd) prog) S 7 42 ${fields.split(' ').slice(2).join(' ')} 999`)
    expect(info).toMatchObject({ pid: 42, command: 'my (odd) prog', state: 'S', ppid: 7, pgid: 42 })
  })

  it('tells a process from a reused pid by its start time', () => {
    const me = procTable.read(process.pid)!
    expect(procTable.isAlive(process.pid, me.startTime)).toBe(true)
    expect(procTable.isAlive(process.pid, me.startTime + 1)).toBe(false)
  })

  it('counts a zombie as dead', async () => {
    const child = spawn('sleep 0.05', { shell: true, stdio: 'ignore' })
    // Until Node reaps it, the exited child is a zombie; /proc says so.
    await waitFor(
      'the child to exit',
      () => procTable.read(child.pid!)?.state ?? 'gone',
      (s) => s === 'Z' || s === 'gone',
    )
    expect(procTable.isAlive(child.pid!)).toBe(false)
  })

  it('finds which process listens on a port', async () => {
    const port = await freePort()
    const holder = spawn(process.execPath, [`${FIXTURES}http-node.mjs`], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve))
      expect(findPortOwner(port)).toEqual({
        pid: holder.pid,
        command: expect.stringContaining('http-node.mjs'),
      })
    } finally {
      holder.kill('SIGKILL')
    }
    expect(findPortOwner(await freePort())).toBeUndefined()
  })
})
