import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { procTable } from '../../src/main/supervisor/process/process-table'
import { demoClusterFile, isolatedEnv, startUp } from '../helpers/cli'
import { fixture, waitFor } from '../helpers/fixtures'

const ROUNDS = Number(process.env.ORPHAN_ROUNDS ?? 20)

/** Every process descended from `root`, found through parent links in /proc. */
function descendants(root: number): Array<{ pid: number; startTime: number }> {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = []
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child)
      visit(child)
    }
  }
  visit(root)
  return found.flatMap((pid) => {
    const info = procTable.read(pid)
    return info && info.state !== 'Z' ? [{ pid, startTime: info.startTime }] : []
  })
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
