// The watchdog of a Cluster Desk engine, built to out/node/watchdog.mjs. The engine starts it
// with a pipe on its stdin and writes one JSON line per change: {"node", "pgid", "processes":
// [{"pid", "start"}]} to record a node's process group and every descendant found (with its
// start time, so a reused pid is never touched), or {"node", "gone": true} when the node has
// stopped. When the pipe closes, the engine has died however it died (a SIGKILL too): the
// watchdog sends SIGTERM to every recorded group and process and to every process carrying the
// engine's tree mark, waits up to KILL_TIMEOUT_MS, then SIGKILLs what is left, and exits. It
// ignores the terminal's signals so a Ctrl-C that hits the engine's group cannot take it out
// before it has done its work.
import { createInterface } from 'node:readline'
import { procTable } from './process-table'
import { sendSignal } from './stop-process-tree'
import { processesMarkedBy } from './tree-marks'

interface Recorded {
  pid: number
  start: number
}

const KILL_TIMEOUT_MS = Number(process.env.KILL_TIMEOUT_MS ?? 2000)
const ENGINE = process.env.TREE_MARK ?? ''
const trees = new Map<string, { pgid: number; processes: Recorded[] }>()
let marked: Recorded[] = []

for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {})

const isOurs = ({ pid, start }: Recorded) => procTable.isAlive(pid, start)

function signalAll(signal: NodeJS.Signals): void {
  for (const recorded of marked) if (isOurs(recorded)) sendSignal(recorded.pid, signal)
  for (const { pgid, processes } of trees.values()) {
    // Linux never reuses a group id while a member lives, so the group is always safe to signal.
    sendSignal(-pgid, signal)
    for (const recorded of processes) if (isOurs(recorded)) sendSignal(recorded.pid, signal)
  }
}

const anyAlive = () =>
  marked.some(isOurs) || [...trees.values()].some(({ processes }) => processes.some(isOurs))

async function cleanUp(): Promise<void> {
  // Daemons started by a double fork: no group or record leads to them, their mark does.
  marked = ENGINE
    ? processesMarkedBy(procTable, new Set([ENGINE])).map((info) => ({
        pid: info.pid,
        start: info.startTime,
      }))
    : []
  signalAll('SIGTERM')
  const deadline = Date.now() + KILL_TIMEOUT_MS
  while (anyAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  if (anyAlive()) signalAll('SIGKILL')
  process.exit(0)
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  try {
    const message = JSON.parse(line) as {
      node: string
      gone?: true
      pgid?: number
      processes?: Recorded[]
    }
    if (message.gone) trees.delete(message.node)
    else if (message.pgid && message.processes)
      trees.set(message.node, { pgid: message.pgid, processes: message.processes })
  } catch {
    // A line cut by the engine's death: what was recorded before it still counts.
  }
})
lines.on('close', () => void cleanUp())
