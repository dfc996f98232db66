import type { NodeSnapshot, NodeSpec } from './node'

export interface ClusterSpec {
  name: string
  /** Lines kept per stream per node. */
  logLines: number
  /** Bytes kept per stream per node, whatever the number of lines. */
  logBytes: number
  nodes: NodeSpec[]
  /** `connect`: Cluster Desk joins the Erlang nodes into one cluster as they start. */
  erlang: { connect: boolean }
}

export interface ClusterSnapshot {
  name: string
  nodes: NodeSnapshot[]
  /** For a cluster with Erlang nodes: whether every running one sees every other. */
  erlang: { formed: boolean } | null
  at: number
}
