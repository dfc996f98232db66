import type { NodeSnapshot, NodeSpec } from './node'

export interface ClusterSpec {
  name: string
  /** Lines kept per stream per node. */
  logLines: number
  nodes: NodeSpec[]
}

export interface ClusterSnapshot {
  name: string
  nodes: NodeSnapshot[]
  at: number
}
