import type { NodeSnapshot, NodeStateChange, ProbeResult } from '../../../shared/domain/node'
import type { TreeDependencies } from '../process/node-tree'

/** What a node needs from the world around it; the cluster manager provides it, tests too. */
export interface NodeDependencies extends TreeDependencies {
  /** The environment nodes inherit before their own variables. */
  env: NodeJS.ProcessEnv
  now: () => number
  /** Resolves when this node may spawn: the cluster's nodes take turns (see OnePerTurn). */
  spawnTurn: () => Promise<void>
  /** The cluster manager as tree marks name it (see tree-marks.ts); without it, no marks. */
  markOwner?: string
}

/** What a node tells its cluster: a change of state, a changed snapshot, a probe. */
export type NodeEvent =
  | { type: 'state'; change: NodeStateChange; snapshot: NodeSnapshot }
  | { type: 'updated'; snapshot: NodeSnapshot }
  | { type: 'probe'; node: string; probe: ProbeResult }
