import { validateCluster } from '../../shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../shared/domain/cluster'
import { fail } from '../../shared/ipc/result'
import { resolveNodePaths } from '../supervisor/cluster-file'
import type { ClusterManager } from '../supervisor/cluster-manager'
import type { RegisteredCluster } from './cluster-service'
import { CommandError } from './command-error'

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export type Scaled = { ok: true; definition: Raw } | { ok: false; message: string; fix: string }

/**
 * The cluster's definition with replica group `group` at `replicas`. Every entry that took
 * its port from its place in the file gets the port it has now written in, so the new
 * replicas move no other node to another port (and restart none).
 */
export function scaleDefinition(
  definition: unknown,
  spec: ClusterSpec,
  group: string,
  replicas: number,
): Scaled {
  if (!isObject(definition) || !Array.isArray(definition.nodes)) {
    return {
      ok: false,
      message: `${spec.name} has no cluster file to scale from.`,
      fix: 'Load the cluster from a file, or save it from the editor, then scale it.',
    }
  }
  const entries = definition.nodes as unknown[]
  const target = entries.find((entry) => isObject(entry) && entry.name === group)
  const groups = spec.nodes.flatMap((node) => (node.group ? [node.group] : []))
  if (!isObject(target) || target.replicas === undefined) {
    const single = spec.nodes.some((node) => node.name === group)
    return {
      ok: false,
      message: single
        ? `${group} is a single node, not a replica group.`
        : `There is no replica group named "${group}".`,
      fix: single
        ? `Give its entry replicas: 2 (or more) in the cluster file, and its replicas can be scaled.`
        : groups.length > 0
          ? `Scale one of: ${[...new Set(groups)].join(', ')}.`
          : 'This cluster has no replica groups: an entry with replicas: N makes one.',
    }
  }
  if (!Number.isInteger(replicas) || replicas < 1) {
    return {
      ok: false,
      message: `A replica group keeps at least 1 replica; ${replicas} asked.`,
      fix: `Stop the group's nodes instead, or scale ${group} to 1.`,
    }
  }
  const nodes = entries.map((entry) => {
    if (!isObject(entry)) return entry
    const first = spec.nodes.find((node) => node.name === entry.name || node.group === entry.name)
    const pinned = entry.port === undefined && first ? { port: first.port } : {}
    return entry === target ? { ...entry, ...pinned, replicas } : { ...entry, ...pinned }
  })
  return { ok: true, definition: { ...definition, nodes } }
}

/**
 * Scales replica group `group` of the running cluster to `replicas`: removed replicas stop,
 * highest index first; new ones are added and started (with what they depend on); no other
 * node is disturbed. Returns the cluster as it now is, its definition scaled in memory only.
 */
export async function scaleGroup(
  manager: ClusterManager,
  registered: RegisteredCluster,
  group: string,
  replicas: number,
): Promise<RegisteredCluster> {
  const scaled = scaleDefinition(registered.definition, manager.spec, group, replicas)
  if (!scaled.ok) throw new CommandError(fail('not-available', scaled.message, scaled.fix))
  const result = validateCluster(scaled.definition)
  if (!result.ok) {
    throw new CommandError(
      fail('invalid-cluster', `${group} cannot have ${replicas} replicas.`, 'See each problem.', {
        problems: result.problems,
      }),
    )
  }
  const spec = resolveNodePaths(result.cluster, registered.baseDir ?? process.cwd())
  const kept = new Set(spec.nodes.map((node) => node.name))
  const removed = manager.nodes().filter((node) => !kept.has(node.name))
  for (const node of removed.reverse()) await node.stop()
  const added = await manager.apply(spec)
  await Promise.all(added.map((name) => manager.startNode(name)))
  return { ...registered, spec, definition: scaled.definition }
}
