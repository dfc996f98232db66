import { type ChildProcess, spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { UnsafeFolderError } from '../../../src/engine/files/private-folder'
import { procTable } from '../../../src/engine/supervisor/process/process-table'
import { sweepEarlierRuns, TreeRecords } from '../../../src/engine/supervisor/process/tree-records'
import { cli, demoClusterFile, isolatedEnv } from '../../helpers/cli'
import { waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const DEAD_ENGINE = { pid: 4_000_000, start: 1 }
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/**
 * A process an earlier engine might have left behind, in a group of its own, carrying that
 * engine's tree mark as every node process does (or none, as an unrelated process).
 */
function leftover(engine: { pid: number; start: number } | null = DEAD_ENGINE) {
  const env = engine
    ? { ...process.env, CLUSTER_DESK_TREE: `${engine.pid}.${engine.start}:1/1/web` }
    : process.env
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore', env })
  children.push(child)
  return { pid: child.pid!, start: procTable.read(child.pid!)!.startTime }
}

/** A records file as an engine writes it; a pid that cannot exist stands for a dead engine. */
function recordsOf(
  folder: string,
  owner: { pid: number; start: number },
  processes: Array<{ pid: number; start: number }>,
) {
  const path = join(folder, `nodes-${owner.pid}.json`)
  writeFileSync(
    path,
    JSON.stringify({ owner, nodes: { web: { pgid: processes[0]!.pid, processes } } }),
  )
  return path
}

describe('the start-up sweep', () => {
  it('stops what a dead engine left running, and removes its record', async () => {
    const folder = tempFolder('sweep')
    const process1 = leftover()
    const path = recordsOf(folder, DEAD_ENGINE, [process1])
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(1)
    await waitFor(
      'the leftover to be gone',
      () => procTable.isAlive(process1.pid, process1.start),
      (alive) => !alive,
    )
    expect(existsSync(path)).toBe(false)
  })

  it('leaves the processes of an engine that is still alive', async () => {
    const folder = tempFolder('sweep')
    const running = leftover()
    const me = { pid: process.pid, start: procTable.read(process.pid)!.startTime }
    const path = recordsOf(folder, me, [running])
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(0)
    expect(procTable.isAlive(running.pid, running.start)).toBe(true)
    expect(existsSync(path)).toBe(true)
  })

  it('never touches a process that only reuses a recorded pid', async () => {
    const folder = tempFolder('sweep')
    const other = leftover(null)
    recordsOf(folder, DEAD_ENGINE, [{ pid: other.pid, start: other.start + 1 }])
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(0)
    expect(procTable.isAlive(other.pid, other.start)).toBe(true)
  })

  it('also stops what carries the mark of a dead engine that no record names', async () => {
    const marked = (engine: string) =>
      spawn('sleep', ['30'], {
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, CLUSTER_DESK_TREE: `${engine}:1/3/web` },
      })
    const daemon = marked(`${DEAD_ENGINE.pid}.${DEAD_ENGINE.start}`)
    const otherFolders = marked('4000001.1') // a dead engine of another runtime folder
    const mine = marked(`${process.pid}.${procTable.read(process.pid)!.startTime}`)
    children.push(daemon, otherFolders, mine)
    const pids = [daemon.pid!, otherFolders.pid!, mine.pid!]
    await waitFor('all three to run', () => pids.every((pid) => procTable.isAlive(pid)), Boolean)
    const folder = tempFolder('sweep')
    // The dead engine had recorded nothing yet: only the mark leads to its daemon.
    writeFileSync(
      join(folder, `nodes-${DEAD_ENGINE.pid}.json`),
      JSON.stringify({ owner: DEAD_ENGINE, nodes: {} }),
    )
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(1)
    expect(pids.map((pid) => procTable.isAlive(pid))).toEqual([false, true, true])
  })

  it("never kills a recorded process that does not carry the dead engine's mark", async () => {
    const folder = tempFolder('sweep')
    // A forged record naming an unrelated process of this user, and one marked by another engine.
    const unrelated = leftover(null)
    const foreign = leftover({ pid: 4_000_002, start: 7 })
    recordsOf(folder, DEAD_ENGINE, [unrelated, foreign])
    expect((await sweepEarlierRuns(folder, procTable)).stopped).toBe(0)
    expect(procTable.isAlive(unrelated.pid, unrelated.start)).toBe(true)
    expect(procTable.isAlive(foreign.pid, foreign.start)).toBe(true)
  })

  it('moves aside a records file that is not one, says so, and acts on none of it', async () => {
    const folder = tempFolder('sweep')
    const kept = leftover()
    for (const [name, text] of [
      ['nodes-1.json', '{}'],
      ['nodes-2.json', 'null'],
      ['nodes-3.json', '{"owner": {"pid": "x"}'],
      [
        'nodes-4.json',
        JSON.stringify({ owner: DEAD_ENGINE, nodes: { web: { pgid: -1, processes: [kept] } } }),
      ],
    ]) {
      writeFileSync(join(folder, name!), text!)
    }
    const report = await sweepEarlierRuns(folder, procTable)
    expect(report.stopped).toBe(0)
    expect(report.problems).toHaveLength(4)
    expect(report.problems[0]).toMatch(
      /nodes-1\.json is not a records file \(owner: .*\); it was moved to .*nodes-1\.json\.invalid-.* and nothing in it was acted on\./,
    )
    expect(report.problems[2]).toMatch(/nodes-3\.json is not JSON/)
    expect(readdirSync(folder).filter((name) => name.endsWith('.json'))).toEqual([])
    expect(procTable.isAlive(kept.pid, kept.start)).toBe(true)
  })

  it("refuses a runtime folder others can write to, and one that is not the user's own", async () => {
    const folder = tempFolder('sweep')
    chmodSync(folder, 0o777)
    await expect(sweepEarlierRuns(folder, procTable)).rejects.toThrow(
      `The runtime folder ${folder} can be written by other users (mode 777).`,
    )
    expect(() => new TreeRecords(folder, { pid: 1, start: 1 })).toThrow(UnsafeFolderError)
    const link = join(tempFolder('sweep'), 'link')
    chmodSync(folder, 0o700)
    symlinkSync(folder, link)
    await expect(sweepEarlierRuns(link, procTable)).rejects.toThrow('is a symbolic link')
    // A user's own folder under / is not theirs: root owns it (or, as root, nobody else does).
    if (process.getuid?.() !== 0) {
      await expect(sweepEarlierRuns('/', procTable)).rejects.toThrow(/belongs to user id 0/)
    }
  })

  it('is written as trees change and removed on a clean exit', async () => {
    const folder = tempFolder('records')
    const records = new TreeRecords(folder, { pid: 123, start: 4 })
    const me = procTable.read(process.pid)!
    records.set('web', me.pid, [me])
    const path = join(folder, 'nodes-123.json')
    await waitFor('the file', () => existsSync(path), Boolean)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      owner: { pid: 123, start: 4 },
      nodes: { web: { pgid: me.pid, processes: [{ pid: me.pid, start: me.startTime }] } },
    })
    records.remove()
    expect(existsSync(path)).toBe(false)
  })

  it('is reported by the CLI', async () => {
    const env = isolatedEnv()
    const process1 = leftover()
    recordsOf(env.CLUSTER_DESK_RUNTIME_DIR!, DEAD_ENGINE, [process1])
    const { path } = await demoClusterFile(1)
    const result = await cli(['run', '--config', path, '--', 'true'], env)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('stopped 1 process left by an earlier run')
    expect(procTable.isAlive(process1.pid, process1.start)).toBe(false)
  })
})
