/** What one node's whole process tree costs, sampled every 2 s from /proc. */
export interface ResourceSample {
  at: number
  /** CPU over the last interval, summed over the tree: 100 is one core. */
  cpuPercent: number
  /** Resident memory summed over the tree. */
  rssBytes: number
  processes: number
  /** Open file descriptors over the tree, or null when none could be counted. */
  fds: number | null
}

/** What the inspector shows of a node: its tree now, its last minutes, how it is started. */
export interface NodeInspection {
  node: string
  command: string
  cwd: string
  /** Its environment as defined, secrets shown as [redacted]. */
  env: Record<string, string>
  processes: ProcessUsage[]
  /** One sample every 2 s, the last 5 minutes. */
  history: ResourceSample[]
}

/** One process of a node's tree, as the inspector lists it. */
export interface ProcessUsage {
  pid: number
  ppid: number
  command: string
  cpuPercent: number
  rssBytes: number
}

/** The whole cluster's cost: CPU and memory summed over the nodes that have figures now. */
export function totalResources(nodes: Array<{ resources?: ResourceSample }>): {
  cpuPercent: number
  rssBytes: number
  /** How many nodes had figures: those running where /proc exists. */
  sampled: number
} {
  const sampled = nodes.flatMap((node) => (node.resources ? [node.resources] : []))
  return {
    cpuPercent: sampled.reduce((sum, used) => sum + used.cpuPercent, 0),
    rssBytes: sampled.reduce((sum, used) => sum + used.rssBytes, 0),
    sampled: sampled.length,
  }
}
