import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { procTable } from '../../../src/engine/supervisor/process/process-table'
import { cli, demoClusterFile, isolatedEnv, startUp } from '../../helpers/cli'
import { fixture, waitFor } from '../../helpers/fixtures'

const ROUNDS = Number(process.env.ORPHAN_ROUNDS ?? 20)

/** Every living process descended from `root`, found through parent links in /proc. */
function descendants(root: number): Array<{ pid: number; startTime: number }> {
  const all = procTable.list() ?? []
  const found: Array<{ pid: number; startTime: number }> = []
  const visit = (pid: number) => {
    for (const child of all.filter((info) => info.ppid === pid)) {
      if (child.state !== 'Z') found.push({ pid: child.pid, startTime: child.startTime })
      visit(child.pid)
    }
  }
  visit(root)
  return found
}

const alive = (processes: Array<{ pid: number; startTime: number }>) =>
  processes.filter((p) => procTable.isAlive(p.pid, p.startTime))

const leftovers: { quiet: number[]; chatty: number[] } = { quiet: [], chatty: [] }
afterAll(() => {
  console.log(
    `orphans after SIGKILL of the host, per round: quiet ${leftovers.quiet.join(',')}; chatty ${leftovers.chatty.join(',')}`,
  )
})

describe.each(['quiet', 'chatty'] as const)('SIGKILL of the host with %s nodes', (kind) => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i leaves no process of any tree after 2 s',
    async () => {
      const env = isolatedEnv()
      const { path } = await demoClusterFile(2, kind === 'chatty' ? { env: { FLOOD: '1' } } : {})
      // Add a tree whose grandchild moved to its own session and ignores SIGTERM.
      const config = JSON.parse(
        JSON.stringify((await import('yaml')).parse(readFileSync(path, 'utf8'))),
      )
      config.nodes.push({
        name: 'tree',
        port: null,
        command: fixture('spawns-grandchild.mjs'),
        env: { SETSID: '1' },
      })
      const { writeFileSync } = await import('node:fs')
      writeFileSync(path, JSON.stringify(config))
      const up = await startUp(path, env)
      const host = up.child.pid!
      // The grandchild is in place and recorded: the tree is refreshed every 500 ms.
      await waitFor(
        'the trees to be complete',
        () => descendants(host).length,
        (n) => n >= 5,
        15_000,
      )
      await new Promise((resolve) => setTimeout(resolve, 700))
      const processes = descendants(host)
      up.child.kill('SIGKILL')
      await new Promise((resolve) => setTimeout(resolve, 2000))
      const survivors = alive(processes)
      leftovers[kind].push(survivors.length)
      expect(survivors.map((p) => `${p.pid} ${procTable.read(p.pid)?.command}`)).toEqual([])
    },
    30_000,
  )
})

it('a daemon started by a double fork just before the host is killed dies with it', async () => {
  const env = isolatedEnv()
  const { path } = await demoClusterFile(1)
  const pidFile = join(env.CLUSTER_DESK_RUNTIME_DIR!, 'daemon.pid')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(
    path,
    JSON.stringify({
      name: 'daemons',
      nodes: [
        {
          name: 'daemonizer',
          port: null,
          command: fixture('daemonizes.mjs'),
          env: { PID_FILE: pidFile },
        },
      ],
    }),
  )
  const up = await startUp(path, env)
  const daemon = await waitFor(
    'the daemon to be up',
    () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0),
    (pid) => pid > 0 && procTable.isAlive(pid),
  )
  // Neither a parent link, the node's group nor a record of its tree leads to it: only its mark.
  expect(procTable.read(daemon)?.ppid).not.toBe(up.child.pid)
  const started = procTable.read(daemon)!.startTime
  up.child.kill('SIGKILL')
  await new Promise((resolve) => setTimeout(resolve, 2000))
  expect(procTable.isAlive(daemon, started)).toBe(false)
}, 30_000)

it('a watchdog that dies is started again with every tree, so a later SIGKILL still stops the nodes', async () => {
  const env = isolatedEnv()
  const { path } = await demoClusterFile(2)
  const up = await startUp(path, env)
  const host = up.child.pid!
  const watchdogOf = () =>
    descendants(host).find(
      (p) =>
        (procTable.read(p.pid)?.command ?? '').startsWith('node') &&
        /watchdog\.mjs/.test(readFileSync(`/proc/${p.pid}/cmdline`, 'latin1')),
    )
  const first = await waitFor('the watchdog', watchdogOf, Boolean)
  const nodes = await waitFor(
    'both nodes',
    () => descendants(host).filter((p) => p.pid !== first!.pid),
    (found) => found.length >= 2,
  )
  process.kill(first!.pid, 'SIGKILL')
  const second = await waitFor(
    'a new watchdog',
    watchdogOf,
    (found) => found !== undefined && found.pid !== first!.pid,
    5000,
  )
  expect(second!.pid).not.toBe(first!.pid)
  await waitFor('the warning', up.output, (text) =>
    /the watchdog \(pid \d+\) killed by SIGKILL; started a new one \(pid \d+\) and handed it 2 node trees/.test(
      text,
    ),
  )
  const logs = await cli(['logs', 'node1', '--stream', 'system'], env)
  expect(logs.stdout).toMatch(/the watchdog \(pid \d+\) killed by SIGKILL; started a new one/)
  up.child.kill('SIGKILL')
  await new Promise((resolve) => setTimeout(resolve, 2000))
  expect(alive(nodes).map((p) => `${p.pid} ${procTable.read(p.pid)?.command}`)).toEqual([])
}, 30_000)
