import type { Dependency, NodeSpec } from '../domain/node'
import { closestWord } from './closest-word'
import { type FieldReader, joinPath } from './field-reader'
import type { WrittenDependency } from './read-start-fields'

/** One entry of the file, its dependencies as written, and the nodes it became. */
export interface ExpandedEntry {
  name: string
  path: string
  dependsOn: WrittenDependency[]
  nodes: NodeSpec[]
}

/**
 * Resolves every `dependsOn` to nodes (a replica group's name means each of its replicas) and
 * checks that each can hold: a known name, not itself, no cycle (named in order, such as
 * "web → api → web"), and `completed` only of a node that can finish. Sets each node's
 * `dependsOn`.
 */
export function resolveDependencies(reader: FieldReader, entries: ExpandedEntry[]): void {
  const byNode = new Map<string, ExpandedEntry>()
  for (const entry of entries) for (const node of entry.nodes) byNode.set(node.name, entry)
  const byGroup = new Map(entries.map((entry) => [entry.name, entry]))
  const known = [...new Set([...byNode.keys(), ...byGroup.keys()])]
  /** The entries each entry waits for, for the cycle check. */
  const edges = new Map<ExpandedEntry, ExpandedEntry[]>()

  for (const entry of entries) {
    const resolved: Dependency[] = []
    const waitsFor: ExpandedEntry[] = []
    for (const { name, condition, path } of entry.dependsOn) {
      // A node's own name first (a replica named alone), then a replica group's name.
      const ofNode = byNode.get(name)
      const target = ofNode ?? byGroup.get(name)
      if (!target) {
        const suggestion = closestWord(name, known)
        reader.report(
          path,
          `${entry.name} depends on "${name}", which is no node or replica group of this cluster`,
          suggestion ? `Did you mean "${suggestion}"?` : `Name one of: ${known.join(', ')}.`,
        )
        continue
      }
      if (target === entry) {
        reader.report(path, `${entry.name} depends on itself`, 'Remove it from its own dependsOn.')
        continue
      }
      const nodes = ofNode ? target.nodes.filter((node) => node.name === name) : target.nodes
      for (const node of nodes) {
        if (condition === 'completed' && node.restart.policy === 'always') {
          reader.report(
            path,
            `${entry.name} waits for ${node.name} to complete, but ${node.name} restarts always and never completes`,
            `Give ${node.name} restart: never (a one-shot task), or wait for it to be healthy.`,
          )
        }
        resolved.push({ node: node.name, condition })
      }
      waitsFor.push(target)
    }
    edges.set(entry, waitsFor)
    for (const node of entry.nodes) node.dependsOn = resolved
  }
  const cycle = findCycle(entries, edges)
  if (cycle) {
    reader.report(
      joinPath(cycle[0]!.path, 'dependsOn'),
      `${cycle.map((entry) => entry.name).join(' → ')} is a cycle: none of them could ever start`,
      'Remove one of these dependencies.',
    )
  }
}

/** A cycle of entries, first repeated last, or undefined: depth first, in file order. */
function findCycle(
  entries: ExpandedEntry[],
  edges: Map<ExpandedEntry, ExpandedEntry[]>,
): ExpandedEntry[] | undefined {
  const done = new Set<ExpandedEntry>()
  const visit = (entry: ExpandedEntry, trail: ExpandedEntry[]): ExpandedEntry[] | undefined => {
    const at = trail.indexOf(entry)
    if (at !== -1) return [...trail.slice(at), entry]
    if (done.has(entry)) return undefined
    for (const next of edges.get(entry) ?? []) {
      const cycle = visit(next, [...trail, entry])
      if (cycle) return cycle
    }
    done.add(entry)
    return undefined
  }
  for (const entry of entries) {
    const cycle = visit(entry, [])
    if (cycle) return cycle
  }
  return undefined
}
