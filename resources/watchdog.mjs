// The watchdog of a Cluster Desk engine. The engine starts it with a pipe on its stdin and
// writes one JSON line per change: {"node", "pgid", "processes": [{"pid", "start"}]} to record a
// node's process group and every descendant found (with its start time from /proc, so a reused
// pid is never touched), or {"node", "gone": true} when the node has stopped. When the pipe
// closes, the engine has died however it died (a SIGKILL too): the watchdog sends SIGTERM to
// every recorded group and process, waits up to KILL_TIMEOUT_MS, then SIGKILLs what is left,
// and exits. It ignores the terminal's signals so a Ctrl-C that hits the engine's group cannot
// take it out before it has done its work.
import { readdirSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const KILL_TIMEOUT_MS = Number(process.env.KILL_TIMEOUT_MS ?? 2000)
const nodes = new Map()

for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(signal, () => {})

/** The start time of a living, non-zombie process, from /proc/<pid>/stat. */
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : Number(fields[19])
  } catch {
    return undefined
  }
}

const isOurs = ({ pid, start }) => startTime(pid) === start

/**
 * Every process whose environment carries this engine's tree mark (see tree-marks.ts), with
 * its start time: daemons started by a double fork, which no group or record leads to.
 */
function markedProcesses() {
  if (!process.env.TREE_MARK) return []
  const key = `\0CLUSTER_DESK_TREE=${process.env.TREE_MARK}:`
  const found = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (!`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(key)) continue
    } catch {
      continue
    }
    const start = startTime(Number(name))
    if (start !== undefined) found.push({ pid: Number(name), start })
  }
  return found
}
let marked = []

function signalAll(signal) {
  for (const recorded of marked) {
    if (!isOurs(recorded)) continue
    try {
      process.kill(recorded.pid, signal)
    } catch {}
  }
  for (const { pgid, processes } of nodes.values()) {
    // Linux never reuses a group id while a member lives, so the group is always safe to signal.
    try {
      process.kill(-pgid, signal)
    } catch {}
    for (const recorded of processes) {
      if (!isOurs(recorded)) continue
      try {
        process.kill(recorded.pid, signal)
      } catch {}
    }
  }
}

const anyAlive = () =>
  marked.some(isOurs) || [...nodes.values()].some(({ processes }) => processes.some(isOurs))

async function cleanUp() {
  marked = markedProcesses()
  signalAll('SIGTERM')
  const deadline = Date.now() + KILL_TIMEOUT_MS
  while (anyAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  if (anyAlive()) signalAll('SIGKILL')
  process.exit(0)
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  try {
    const message = JSON.parse(line)
    if (message.gone) nodes.delete(message.node)
    else nodes.set(message.node, { pgid: message.pgid, processes: message.processes })
  } catch {
    // A line cut by the engine's death: what was recorded before it still counts.
  }
})
lines.on('close', () => void cleanUp())
