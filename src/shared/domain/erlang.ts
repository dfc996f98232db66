/** What a node's command line (or its `erlang:` field) says about it as an Erlang node. */
export interface ErlangIdentity {
  /** As written: "node1@127.0.0.1", or "node1" (the host is then this machine's). */
  name: string
  /** --name / -name (long names) rather than --sname / -sname. */
  longNames: boolean
  /** The cookie the command line or the spec gives; null when it names none. */
  cookie: string | null
}

/** One Erlang node of the cluster, as the hidden helper node last saw it. */
export interface ErlangNodeStatus {
  /** The node's name in the cluster ("node1"). */
  name: string
  /** Its Erlang name ("node1@127.0.0.1"). */
  erlangName: string
  /** Its process is running, as far as Cluster Desk knows. */
  running: boolean
  /** The helper reached it over Erlang distribution at the last look. */
  reachable: boolean
  /** The nodes it sees: its nodes(), hidden nodes (the helper) never among them. */
  sees: string[]
  /** Cut off from the others by a partition, until healed. */
  partitioned: boolean
  otpRelease: string | null
  processes: number | null
  memoryBytes: number | null
  runQueue: number | null
  uptimeMs: number | null
  /** Why the node runs but is not part of the cluster, with what to do. */
  problem: { problem: string; fix: string } | null
}

/** Who sees whom among the Erlang nodes of the cluster, and epmd's view of the machine. */
export interface ErlangMesh {
  /** False when there is nothing to show: `why` says what is missing. */
  available: boolean
  why: string | null
  /** Cluster Desk joins nodes as they start (erlang.connect). */
  connect: boolean
  /** The hidden helper node's name, once it runs: it is in epmd's names, never in nodes(). */
  helper: string | null
  /** Every running Erlang node sees every other one (and at least one runs). */
  formed: boolean
  epmd: {
    port: number
    running: boolean
    names: Array<{ name: string; port: number }>
    error: string | null
  }
  nodes: ErlangNodeStatus[]
  at: number
}

/** What `cluster-desk remsh` needs to open a shell on a node. */
export interface RemoteShellTarget {
  erlangName: string
  longNames: boolean
  /** The cluster's cookie; null when the nodes use ~/.erlang.cookie. */
  cookie: string | null
}
