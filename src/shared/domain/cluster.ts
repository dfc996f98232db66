import type { NodeSnapshot, NodeSpec } from './node'

export interface ClusterSpec {
  name: string
  /** Lines kept per stream per node. */
  logLines: number
  /** Bytes kept per stream per node, whatever the number of lines. */
  logBytes: number
  nodes: NodeSpec[]
}

export interface ClusterSnapshot {
  name: string
  nodes: NodeSnapshot[]
  at: number
}
