import type {
  Dependency,
  Diagnosis,
  NodeSnapshot,
  NodeSpec,
  NodeStateChange,
  ProbeResult,
} from '../../../shared/domain/node'
import type { ResourceSample } from '../../../shared/domain/resources'
import type { ErlangPing } from '../health/run-probe'
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
  /** The cluster's Erlang side, for Erlang nodes: epmd and name checks, and pings. */
  erlang?: ErlangHooks
  /**
   * Resolves once every condition of the node's `dependsOn` holds (undefined), or with why one
   * never will; undefined too once `signal` aborts. `waiting` hears what does not hold yet.
   */
  waitForDependencies?: (
    spec: NodeSpec,
    signal: AbortSignal,
    waiting: (pending: Dependency[]) => void,
  ) => Promise<Diagnosis | undefined>
  /** Its tree's CPU and memory as last sampled, shown in every snapshot of it. */
  resourcesOf?: (node: string) => ResourceSample | undefined
}

export interface ErlangHooks {
  /** Before an Erlang node starts: epmd runs (started if need be) and its name is free. */
  preflight: (spec: NodeSpec) => Promise<Diagnosis | undefined>
  ping: ErlangPing
}

/** What a node tells its cluster: a change of state, a changed snapshot, a probe. */
export type NodeEvent =
  | { type: 'state'; change: NodeStateChange; snapshot: NodeSnapshot }
  | { type: 'updated'; snapshot: NodeSnapshot }
  | { type: 'probe'; node: string; probe: ProbeResult }
