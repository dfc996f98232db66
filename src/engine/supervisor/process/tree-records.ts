import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { checkPrivateFolder, ensurePrivateFolder } from '../../files/private-folder'
import { writeFileAtomic } from '../../files/write-file-atomic'
import type { ProcessInfo, ProcessTable } from './process-table'
import { sendSignal } from './stop-process-tree'
import { engineMark, engineOfMark, processesMarkedBy, readMark } from './tree-marks'

const recordedSchema = z
  .object({ pid: z.number().int().positive(), start: z.number().int().min(0) })
  .strict()
/** What a records file must hold; anything else in that folder is not ours to act on. */
const recordsFileSchema = z
  .object({
    owner: recordedSchema,
    nodes: z.record(
      z.string().max(200),
      z.object({ pgid: z.number().int().positive(), processes: z.array(recordedSchema) }).strict(),
    ),
  })
  .strict()

type Recorded = z.infer<typeof recordedSchema>
type RecordsFile = z.infer<typeof recordsFileSchema>

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
    ensurePrivateFolder(folder)
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

export interface SweepReport {
  /** Processes of dead engines that were stopped. */
  stopped: number
  /** Records files that could not be used, each moved aside: what happened, for the user. */
  problems: string[]
}

/** A records file as written, or why it cannot be trusted. */
function readRecords(
  path: string,
): { ok: true; records: RecordsFile } | { ok: false; why: string } {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return { ok: false, why: `is not JSON (${(error as Error).message})` }
  }
  const parsed = recordsFileSchema.safeParse(raw)
  if (parsed.success) return { ok: true, records: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    ok: false,
    why: `is not a records file (${issue?.path.join('.') || 'top'}: ${issue?.message})`,
  }
}

/**
 * Stops what earlier engines recorded and left running: every recorded process still alive
 * with the same start time that still carries its engine's tree mark in its environment (a
 * reused pid, a process of another user or a forged record never leads to a kill), and every
 * process carrying the mark of such an engine (a daemon no record names); SIGTERM then, after
 * a second, SIGKILL. Files and processes of engines still alive are left alone; a file that
 * is not a valid records file is moved aside and reported.
 */
export async function sweepEarlierRuns(folder: string, table: ProcessTable): Promise<SweepReport> {
  if (!checkPrivateFolder(folder)) return { stopped: 0, problems: [] }
  const files = readdirSync(folder).filter((name) => FILE_PATTERN.test(name))
  const leftovers: Recorded[] = []
  const stale: string[] = []
  const problems: string[] = []
  const deadEngines = new Set<string>()
  for (const name of files) {
    const path = join(folder, name)
    const read = readRecords(path)
    if (!read.ok) {
      const aside = `${path}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`
      renameSync(path, aside)
      problems.push(`${path} ${read.why}; it was moved to ${aside} and nothing in it was acted on.`)
      continue
    }
    const { owner, nodes } = read.records
    if (table.isAlive(owner.pid, owner.start)) continue
    stale.push(path)
    const engine = engineMark(owner.pid, owner.start)
    deadEngines.add(engine)
    for (const { processes } of Object.values(nodes)) {
      for (const recorded of processes) {
        if (!table.isAlive(recorded.pid, recorded.start)) continue
        if (engineOfMark(readMark(recorded.pid)) === engine) leftovers.push(recorded)
      }
    }
  }
  for (const info of processesMarkedBy(table, deadEngines)) {
    if (!leftovers.some((p) => p.pid === info.pid)) {
      leftovers.push({ pid: info.pid, start: info.startTime })
    }
  }
  const alive = () => leftovers.filter((p) => table.isAlive(p.pid, p.start))
  for (const p of leftovers) sendSignal(p.pid, 'SIGTERM')
  const deadline = Date.now() + 1000
  while (alive().length > 0 && Date.now() < deadline) await sleep(20)
  for (const p of alive()) sendSignal(p.pid, 'SIGKILL')
  for (const path of stale) rmSync(path, { force: true })
  return { stopped: leftovers.length, problems }
}
