import { join } from 'node:path'
import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { procTable } from '../src/engine/supervisor/process/process-table'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { validateCluster } from '../src/shared/cluster/validate-cluster'
import { median } from './stats'

const KILL_TIMEOUT_MS = 2000
const fixture = join(PACKAGE_ROOT, 'test', 'fixtures', 'spawns-grandchild.mjs')

/**
 * Stops a tree whose grandchild ignores SIGTERM with a 2 s kill timeout, and times, with a
 * watcher of its own polling /proc every millisecond, how long until every pid is gone.
 */
export async function measureStopTree(rounds: number) {
  const result = validateCluster({
    name: 'bench',
    nodes: [
      {
        name: 'tree',
        port: null,
        command: `${shellQuote(process.execPath)} ${shellQuote(fixture)}`,
        stop: { killTimeout: KILL_TIMEOUT_MS },
      },
    ],
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const cluster = {
    ...result.cluster,
    nodes: result.cluster.nodes.map((n) => ({ ...n, cwd: process.cwd() })),
  }
  const goneMs: number[] = []
  for (let i = 0; i < rounds; i++) {
    const manager = new ClusterManager(cluster)
    await manager.startNode('tree')
    const pids = await waitForPids(manager)
    const started = performance.now()
    const stopping = manager.stopNode('tree')
    while (pids.some((pid) => procTable.isAlive(pid))) await new Promise((r) => setTimeout(r, 1))
    goneMs.push(performance.now() - started)
    await stopping
  }
  const gone = median(goneMs)
  return { goneMs: gone, overMs: gone - KILL_TIMEOUT_MS, killTimeoutMs: KILL_TIMEOUT_MS, rounds }
}

async function waitForPids(manager: ClusterManager): Promise<number[]> {
  for (;;) {
    const texts = manager.readLogs('tree', { streams: ['stdout'] }).lines.map((l) => l.text)
    const parent = texts.find((t) => t.startsWith('parent'))
    if (parent && texts.some((t) => t.startsWith('ignoring'))) {
      return [...parent.matchAll(/\d+/g)].map((m) => Number(m[0]))
    }
    await new Promise((r) => setTimeout(r, 10))
  }
}
