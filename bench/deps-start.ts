import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { validateCluster } from '../src/shared/cluster/validate-cluster'
import { percentile } from './stats'

/**
 * A chain of `length` nodes, each needing the one before it healthy (no port: healthy once it
 * runs). For each link, the time from the moment its dependency became running (the last
 * condition holding) to the moment the dependent's process was spawned.
 */
export async function measureDependencyStarts(length: number) {
  const result = validateCluster({
    name: 'chain',
    maxNodes: length,
    nodes: Array.from({ length }, (_, i) => ({
      name: `n${i + 1}`,
      port: null,
      command: 'exec sleep 60',
      ...(i > 0 ? { dependsOn: [`n${i}`] } : {}),
    })),
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const cluster = {
    ...result.cluster,
    nodes: result.cluster.nodes.map((node) => ({ ...node, cwd: process.cwd() })),
  }
  const manager = new ClusterManager(cluster)
  const running = new Map<string, number>()
  const spawned = new Map<string, number>()
  manager.subscribe((event) => {
    if (event.type === 'state' && event.change.to === 'running') {
      running.set(event.change.node, performance.now())
    } else if (event.type === 'updated' && event.snapshot.pid !== null) {
      if (!spawned.has(event.snapshot.name)) spawned.set(event.snapshot.name, performance.now())
    }
  })
  await manager.startAll()
  const overheads = Array.from({ length: length - 1 }, (_, i) => {
    const condition = running.get(`n${i + 1}`)!
    return spawned.get(`n${i + 2}`)! - condition
  })
  await manager.dispose()
  return {
    p50: percentile(overheads, 50),
    p95: percentile(overheads, 95),
    max: Math.max(...overheads),
    links: overheads.length,
  }
}
