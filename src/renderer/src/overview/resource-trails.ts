import { useRef } from 'react'
import type { NodeSnapshot } from '../../../shared/domain/node'
import type { ResourceSample } from '../../../shared/domain/resources'

/** Samples a sparkline shows: the last minute at one sample every 2 s. */
export const TRAIL_SAMPLES = 30

/**
 * Each node's recent samples, gathered from the snapshots as they come (a snapshot carries
 * only the latest): what the table's sparklines draw without asking the engine.
 */
export function useResourceTrails(nodes: NodeSnapshot[]): Map<string, ResourceSample[]> {
  const trails = useRef(new Map<string, ResourceSample[]>())
  for (const node of nodes) {
    const sample = node.resources
    if (!sample) continue
    const trail = trails.current.get(node.name) ?? []
    if (trail.at(-1)?.at !== sample.at) {
      trail.push(sample)
      if (trail.length > TRAIL_SAMPLES) trail.shift()
      trails.current.set(node.name, trail)
    }
  }
  return trails.current
}
