import { setTimeout as sleep } from 'node:timers/promises'
import treeKill from 'tree-kill'
import { type ProcessInfo, type ProcessTable, processTree } from './process-table'

export interface StopTreeOptions {
  pid: number
  /** The node's process group; it was spawned detached, so this equals its pid. */
  pgid: number
  signal: NodeJS.Signals
  killTimeoutMs: number
  /** How long SIGKILL may take to be obeyed before a process is reported as a survivor. */
  killWaitMs?: number
  pollMs?: number
  /** Processes recorded earlier, which may have left the group and lost their parent link. */
  known?: ProcessInfo[]
}

export interface StopTreeResult {
  /** SIGKILL was needed: something outlived the kill timeout. */
  forced: boolean
  /** Processes still alive after SIGKILL (stuck in the kernel, or not ours to kill). */
  survivors: ProcessInfo[]
  /** How many processes the tree held when the stop began. */
  treeSize: number
}

const RESCAN_EVERY_MS = 100

/**
 * Stops a node's whole process tree: the stop signal to the process group (and to descendants
 * that left it), then, once `killTimeoutMs` has passed with anything alive, SIGKILL to the group
 * and to every descendant found. Returns when every process is gone, as /proc sees it (a
 * zombie counts as gone), or with the survivors listed.
 */
export async function stopProcessTree(
  table: ProcessTable,
  options: StopTreeOptions,
): Promise<StopTreeResult> {
  const { pid, pgid, signal, killTimeoutMs } = options
  const pollMs = options.pollMs ?? 10
  // Find the tree before signalling: once the root dies its children are re-parented and the
  // parent links that lead to them are gone.
  const tree = new Map<number, ProcessInfo>()
  const rescan = () => {
    for (const info of processTree(table, pid, pgid)) tree.set(info.pid, info)
  }
  for (const info of options.known ?? []) tree.set(info.pid, info)
  rescan()
  if (!tree.has(pid)) {
    tree.set(pid, {
      pid,
      ppid: 0,
      pgid,
      state: 'S',
      startTime: -1,
      command: '',
      cpuTicks: 0,
      rssPages: 0,
    })
  }
  const treeSize = tree.size
  signalTree(tree, pgid, signal)

  const alive = () =>
    [...tree.values()].filter((info) =>
      table.isAlive(info.pid, info.startTime < 0 ? undefined : info.startTime),
    )
  const deadline = Date.now() + killTimeoutMs
  let lastRescan = Date.now()
  while (Date.now() < deadline) {
    if (Date.now() - lastRescan >= RESCAN_EVERY_MS) {
      rescan() // a process forked while we wait is part of the tree too
      lastRescan = Date.now()
    }
    if (alive().length === 0) return { forced: false, survivors: [], treeSize }
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())))
  }

  rescan()
  if (alive().length === 0) return { forced: false, survivors: [], treeSize }
  signalTree(tree, pgid, 'SIGKILL')
  if (!table.list()) treeKill(pid, 'SIGKILL') // no /proc: let tree-kill find descendants via ps
  const killDeadline = Date.now() + (options.killWaitMs ?? 2000)
  let survivors = alive()
  while (survivors.length > 0 && Date.now() < killDeadline) {
    await sleep(pollMs)
    survivors = alive()
  }
  return { forced: true, survivors, treeSize }
}

function signalTree(tree: Map<number, ProcessInfo>, pgid: number, signal: NodeJS.Signals) {
  sendSignal(-pgid, signal)
  for (const info of tree.values()) {
    if (info.pgid !== pgid) sendSignal(info.pid, signal)
  }
}

/** A process that is already gone is not an error: that is what we want. */
export function sendSignal(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal)
    return true
  } catch {
    return false
  }
}
