import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { procTable } from '../src/engine/supervisor/process/process-table'
import {
  linuxUnits,
  ResourceSampler,
  SAMPLE_EVERY_MS,
} from '../src/engine/supervisor/resources/resource-sampler'
import { validateCluster } from '../src/shared/cluster/validate-cluster'

const NODES = 50

/** CPU time this process spent in `work`, in ms. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage()
  work()
  const spent = process.cpuUsage(before)
  return (spent.user + spent.system) / 1000
}

/**
 * 50 nodes running (each a shell and its `sleep`), sampled `rounds` times as the engine does
 * every 2 s: the CPU one sample costs (sums, CPU from ticks, open descriptors counted in
 * /proc/<pid>/fd), as a percentage of one core over the 2 s between samples. The /proc listing
 * the engine makes anyway for its own bookkeeping (every 500 ms) is measured beside it.
 */
export async function measureSampler(rounds: number) {
  const checked = validateCluster({
    name: 'sampler-bench',
    maxNodes: NODES,
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `n${i + 1}`,
      port: null,
      command: 'sleep 600',
      stop: { killTimeout: 1000 },
    })),
  })
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  const manager = new ClusterManager(checked.cluster)
  try {
    await manager.startAll()
    const pids = new Map(manager.snapshot().nodes.map((node) => [node.name, node.pid!]))
    const names = [...pids.keys()]
    const sampler = new ResourceSampler(linuxUnits())
    let sampling = 0
    let listing = 0
    let at = 0
    let processes = 0
    for (let round = 0; round < rounds; round++) {
      let all = procTable.list() ?? []
      listing += cpuMs(() => {
        all = procTable.list() ?? []
      })
      const treeOf = (name: string) => all.filter((info) => info.pgid === pids.get(name))
      at += SAMPLE_EVERY_MS
      sampling += cpuMs(() => sampler.offer(at, treeOf, names))
      processes = names.reduce((sum, name) => sum + (sampler.latest(name)?.processes ?? 0), 0)
    }
    const percent = (ms: number) => (100 * ms) / rounds / SAMPLE_EVERY_MS
    return {
      samplerPercent: percent(sampling),
      sampleMs: sampling / rounds,
      listingMs: listing / rounds,
      // The engine lists /proc every 500 ms whether or not it samples.
      listingPercent: (100 * (listing / rounds)) / 500,
      processes,
    }
  } finally {
    await manager.dispose()
  }
}
