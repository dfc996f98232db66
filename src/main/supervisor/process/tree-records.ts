import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { writeFileAtomic } from '../../files/write-file-atomic'
import type { ProcessInfo, ProcessTable } from './process-table'
import { sendSignal } from './stop-process-tree'
import { engineMark, processesMarkedBy } from './tree-marks'

interface Recorded {
  pid: number
  start: number
}

interface RecordsFile {
  owner: Recorded
  nodes: Record<string, { pgid: number; processes: Recorded[] }>
}

const FILE_PATTERN = /^nodes-\d+\.json$/
const WRITE_DELAY_MS = 200

/**
 * This engine's node trees on disk (`nodes-<pid>.json` in the runtime folder), so that if the
 * engine and its watchdog both die, the next engine to start can find and stop what they left.
 * Written at most every 200 ms, to a temporary file then renamed; removed on a clean exit.
 */
export class TreeRecords {
  private readonly path: string
  private readonly nodes: RecordsFile['nodes'] = {}
  private timer: NodeJS.Timeout | undefined

  constructor(
    folder: string,
    private readonly owner: Recorded,
  ) {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    this.path = join(folder, `nodes-${owner.pid}.json`)
  }

  set(node: string, pgid: number, processes: ProcessInfo[]): void {
    this.nodes[node] = {
      pgid,
      processes: processes.map((p) => ({ pid: p.pid, start: p.startTime })),
    }
    this.schedule()
  }

  delete(node: string): void {
    delete this.nodes[node]
    this.schedule()
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.write(), WRITE_DELAY_MS)
    this.timer.unref()
  }

  private write(): void {
    this.timer = undefined
    writeFileAtomic(
      this.path,
      JSON.stringify({ owner: this.owner, nodes: this.nodes } satisfies RecordsFile),
    )
  }

  /** The engine is stopping cleanly: nothing of it is left to find. */
  remove(): void {
    clearTimeout(this.timer)
    rmSync(this.path, { force: true })
  }
}

/**
 * Stops what earlier engines recorded and left running: every recorded process still alive
 * with the same start time (a reused pid is never touched), and every process carrying the
 * tree mark of such an engine (a daemon no record names); SIGTERM then, after a second,
 * SIGKILL. Files and processes of engines still alive are left alone. Returns how many
 * processes it stopped.
 */
export async function sweepEarlierRuns(folder: string, table: ProcessTable): Promise<number> {
  let files: string[]
  try {
    files = readdirSync(folder).filter((name) => FILE_PATTERN.test(name))
  } catch {
    return 0
  }
  const leftovers: Array<Recorded & { pgid: number }> = []
  const stale: string[] = []
  const deadEngines = new Set<string>()
  for (const name of files) {
    const path = join(folder, name)
    let records: RecordsFile
    try {
      records = JSON.parse(readFileSync(path, 'utf8')) as RecordsFile
    } catch {
      stale.push(path) // cut short by the crash that left it: nothing in it can be trusted
      continue
    }
    if (table.isAlive(records.owner.pid, records.owner.start)) continue
    stale.push(path)
    deadEngines.add(engineMark(records.owner.pid, records.owner.start))
    for (const { pgid, processes } of Object.values(records.nodes ?? {})) {
      for (const recorded of processes) {
        if (table.isAlive(recorded.pid, recorded.start)) leftovers.push({ ...recorded, pgid })
      }
    }
  }
  for (const info of processesMarkedBy(table, deadEngines)) {
    if (!leftovers.some((p) => p.pid === info.pid)) {
      leftovers.push({ pid: info.pid, start: info.startTime, pgid: info.pgid })
    }
  }
  const alive = () => leftovers.filter((p) => table.isAlive(p.pid, p.start))
  for (const p of leftovers) sendSignal(p.pid, 'SIGTERM')
  const deadline = Date.now() + 1000
  while (alive().length > 0 && Date.now() < deadline) await sleep(20)
  for (const p of alive()) sendSignal(p.pid, 'SIGKILL')
  for (const path of stale) rmSync(path, { force: true })
  return leftovers.length
}
