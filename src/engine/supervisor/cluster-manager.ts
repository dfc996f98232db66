import type { ClusterSnapshot, ClusterSpec } from '../../shared/domain/cluster'
import type { ErlangMesh, RemoteShellTarget } from '../../shared/domain/erlang'
import type { LogPage, LogQuery } from '../../shared/domain/logs'
import type { NodeSnapshot, NodeSpec, ProbeResult } from '../../shared/domain/node'
import { ErlangCluster } from '../erlang/erlang-cluster'
import { sameButDependencies } from './apply-plan'
import { waitForDependencies } from './dependencies/dependency-gate'
import { stopWaves, withDependencies } from './dependencies/start-order'
import type { NodeDependencies, NodeEvent } from './lifecycle/node-dependencies'
import { OnePerTurn } from './lifecycle/one-per-turn'
import { SupervisedNode } from './lifecycle/supervised-node'
import { findPortOwner } from './process/port-owner'
import { defaultProcessTable, type ProcessInfo } from './process/process-table'
import { engineMark, type MarkedProcess, ownerMark, TreeMarks } from './process/tree-marks'
import { linuxUnits, ResourceSampler } from './resources/resource-sampler'
import { NodeWatches } from './watch/node-watches'

export class UnknownNodeError extends Error {
  constructor(
    readonly nodeName: string,
    readonly known: string[],
  ) {
    super(`There is no node named "${nodeName}". The nodes are: ${known.join(', ')}.`)
    this.name = 'UnknownNodeError'
  }
}

/** How often running trees are recorded for the watchdog. */
const TREE_REFRESH_MS = 500
/** A scan of /proc serves every node that asks within this long: a Stop cluster asks fifty times. */
const SCAN_REUSE_MS = 20
/** Managers made in this process so far: each marks its node processes as its own. */
let managersMade = 0

/** A node's event, or a new look at the Erlang mesh (`formedChanged` when it formed or broke). */
export type ClusterEvent =
  | NodeEvent
  | { type: 'mesh'; mesh: ErlangMesh; formedChanged: boolean }
  /** New figures of every node's CPU and memory (every 2 s while anything runs). */
  | { type: 'resources' }
export type ClusterListener = (event: ClusterEvent) => void

export interface ClusterDependencies extends Partial<NodeDependencies> {
  /** resources/erlang-helper.escript: without it, Erlang nodes run but the mesh stays unknown. */
  erlangHelper?: string
}

/**
 * Owns the nodes of one cluster and is the engine's whole surface: the CLI, the web host and
 * the desktop window all drive it through these methods and hear about changes by subscribing.
 * Cluster-wide commands act on nodes in parallel.
 */
export class ClusterManager {
  private nodesByName = new Map<string, SupervisedNode>()
  private readonly listeners = new Set<ClusterListener>()
  private readonly deps: NodeDependencies
  private readonly treeTimer: NodeJS.Timeout
  private readonly stopHearingWatchdog: () => void
  private readonly erlang: ErlangCluster
  private readonly watches = new NodeWatches()
  /** Each node's CPU and memory over the last minutes, from the trees listed for bookkeeping. */
  readonly resources = new ResourceSampler(linuxUnits())
  /** As the last mesh pushed said, so a snapshot never disagrees with the mesh event. */
  private formed: boolean | undefined

  constructor(
    private definition: ClusterSpec,
    dependencies: ClusterDependencies = {},
  ) {
    const turns = new OnePerTurn()
    const table = dependencies.processTable ?? defaultProcessTable
    const self = table.read(process.pid)
    const owner = ownerMark(engineMark(process.pid, self?.startTime ?? 0), ++managersMade)
    const marks = new TreeMarks(owner)
    /** Marked processes by node, from one pass over /proc, reused within a few milliseconds. */
    let lastScan:
      | { at: number; all: ProcessInfo[] | undefined; byNode: Map<string, MarkedProcess[]> }
      | undefined
    const scan = () => {
      if (lastScan && performance.now() - lastScan.at < SCAN_REUSE_MS) return lastScan
      const all = table.list()
      const byNode = new Map<string, MarkedProcess[]>()
      for (const marked of all ? marks.find(all) : []) {
        const ofNode = byNode.get(marked.node)
        if (ofNode) ofNode.push(marked)
        else byNode.set(marked.node, [marked])
      }
      lastScan = { at: performance.now(), all, byNode }
      return lastScan
    }
    const env = dependencies.env ?? process.env
    const now = dependencies.now ?? Date.now
    const ports = dependencies.findPortOwner ?? findPortOwner
    this.erlang = new ErlangCluster(
      definition,
      {
        env,
        helperScript: dependencies.erlangHelper,
        markOwner: owner,
        findPortOwner: ports,
        now,
        recentOutput: (name) =>
          this.nodesByName
            .get(name)
            ?.output.read({ limit: 50 })
            .lines.map((line) => line.text) ?? [],
      },
      (mesh) => this.meshSeen(mesh),
    )
    this.deps = {
      processTable: table,
      findPortOwner: ports,
      env,
      now,
      watchdog: dependencies.watchdog,
      spawnTurn: dependencies.spawnTurn ?? (() => turns.turn()),
      markOwner: owner,
      resourcesOf: (node) => this.resources.latest(node),
      markedTree: (node) => (scan().byNode.get(node) ?? []).map((marked) => marked.info),
      erlang: {
        preflight: (spec) => this.erlang.preflight(spec),
        ping: (spec) => this.erlang.ping(spec),
      },
      waitForDependencies: (spec, signal, waiting) =>
        waitForDependencies(spec, signal, waiting, {
          snapshotOf: (name) => this.nodesByName.get(name)?.snapshot(),
          onChange: (listener) =>
            this.subscribe(
              (event) => (event.type === 'state' || event.type === 'updated') && listener(),
            ),
        }),
    }
    for (const node of definition.nodes) this.nodesByName.set(node.name, this.create(node))
    this.watches.sync(this.nodes())
    // Keep every node's tree recorded, from one pass over /proc for all of them.
    this.treeTimer = setInterval(() => {
      lastScan = undefined
      const { all, byNode } = scan()
      for (const node of this.nodesByName.values()) {
        node.refreshTree(all, byNode.get(node.name) ?? [])
      }
      const treeOf = (name: string) => (byNode.get(name) ?? []).map((marked) => marked.info)
      if (all && this.resources.offer(now(), treeOf, [...this.nodesByName.keys()])) {
        this.tell({ type: 'resources' })
      }
    }, TREE_REFRESH_MS)
    this.treeTimer.unref()
    // The log of every node with a live tree says when its protection had to be restarted.
    this.stopHearingWatchdog =
      dependencies.watchdog?.onRestarted?.((message) => {
        for (const node of this.nodesByName.values()) {
          if (node.snapshot().pid !== null) node.output.system(message)
        }
      }) ?? (() => {})
  }

  /** The cluster's definition as applied now. */
  get spec(): ClusterSpec {
    return this.definition
  }

  private create(spec: NodeSpec): SupervisedNode {
    const limits = { lines: this.definition.logLines, bytes: this.definition.logBytes }
    return new SupervisedNode(spec, limits, this.deps, (event) => {
      if (event.type === 'state') this.erlang.nodeChanged(spec.name, event.change.to)
      this.tell(event)
    })
  }

  private tell(event: ClusterEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  private meshSeen(mesh: ErlangMesh): void {
    const formedChanged = mesh.formed !== this.formed
    this.formed = mesh.formed
    this.tell({ type: 'mesh', mesh, formedChanged })
  }

  /**
   * Takes a new definition of the same cluster without disturbing what did not change: a node
   * whose spec is identical keeps running, and so does one whose dependencies alone changed
   * (they matter at its next start only, so scaling a group restarts none of its dependents);
   * a changed or removed node is stopped first (a changed one is then stopped in its new form;
   * see planApply for what is started again). New nodes are added, stopped. Returns the names
   * of those added.
   */
  async apply(spec: ClusterSpec): Promise<string[]> {
    const next = new Map<string, SupervisedNode>()
    const added: string[] = []
    const stopping: Array<Promise<unknown>> = []
    for (const nodeSpec of spec.nodes) {
      const current = this.nodesByName.get(nodeSpec.name)
      if (current && sameButDependencies(current.spec, nodeSpec)) {
        current.spec.dependsOn = nodeSpec.dependsOn
        next.set(nodeSpec.name, current)
        continue
      }
      if (current) stopping.push(current.stop())
      else added.push(nodeSpec.name)
      next.set(nodeSpec.name, this.create(nodeSpec))
    }
    for (const [name, node] of this.nodesByName) if (!next.has(name)) stopping.push(node.stop())
    await Promise.all(stopping)
    this.definition = spec
    this.nodesByName = next
    this.erlang.update(spec)
    this.watches.sync(this.nodes())
    return added
  }

  get name(): string {
    return this.definition.name
  }

  nodes(): SupervisedNode[] {
    return [...this.nodesByName.values()]
  }

  node(name: string): SupervisedNode {
    const node = this.nodesByName.get(name)
    if (!node) throw new UnknownNodeError(name, [...this.nodesByName.keys()])
    return node
  }

  snapshot(): ClusterSnapshot {
    return {
      name: this.name,
      nodes: this.nodes().map((node) => node.snapshot()),
      erlang: this.definition.nodes.some((node) => node.erlang)
        ? { formed: this.formed ?? false }
        : null,
      at: Date.now(),
    }
  }

  /** Who sees whom among the Erlang nodes, as last looked at (every 2 s and on changes). */
  mesh(): ErlangMesh {
    return this.erlang.mesh()
  }

  /** Cuts a running Erlang node off the others, as a netsplit would, until it is healed. */
  partition(name: string): Promise<ErlangMesh> {
    this.node(name)
    return this.erlang.partition(name)
  }

  /** Joins a partitioned node (or every one) to the others again. */
  heal(name?: string): Promise<ErlangMesh> {
    if (name !== undefined) this.node(name)
    return this.erlang.heal(name)
  }

  /** Where a remote shell on an Erlang node connects, and with which cookie. */
  remoteShell(name: string): RemoteShellTarget {
    this.node(name)
    return this.erlang.remoteShell(name)
  }

  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Starts every autostart node and what they depend on, all at once: each dependent waits
   * for its own conditions. Resolves when each is running, completed or has failed.
   */
  async startAll(): Promise<ClusterSnapshot> {
    const autostart = this.nodes().filter((node) => node.spec.autostart)
    await this.startWithDependencies(autostart.map((node) => node.name))
    return this.snapshot()
  }

  private async startWithDependencies(names: string[]): Promise<void> {
    const all = withDependencies(names, this.definition.nodes)
    await Promise.all([...all].map((name) => this.node(name).start()))
  }

  /** Stops dependents before what they depend on; nodes of one wave stop together. */
  async stopAll(): Promise<ClusterSnapshot> {
    for (const wave of stopWaves(this.nodes().map((node) => node.spec))) {
      await Promise.all(wave.map((name) => this.node(name).stop()))
    }
    return this.snapshot()
  }

  async restartAll(): Promise<ClusterSnapshot> {
    await this.stopAll()
    return this.startAll()
  }

  /**
   * Starts one node and, unless `dependencies` is false, what it depends on (it waits for
   * them); without them it starts at once, whatever they do.
   */
  async startNode(name: string, { dependencies = true } = {}): Promise<NodeSnapshot> {
    const node = this.node(name)
    if (!dependencies) return node.start({ dependencies: false })
    await this.startWithDependencies([name])
    return node.snapshot()
  }

  stopNode(name: string): Promise<NodeSnapshot> {
    return this.node(name).stop()
  }

  restartNode(name: string): Promise<NodeSnapshot> {
    return this.node(name).restart()
  }

  killNode(name: string): Promise<NodeSnapshot> {
    return this.node(name).kill()
  }

  readLogs(name: string, query?: LogQuery): LogPage {
    return this.node(name).output.read(query)
  }

  healthHistory(name: string): ProbeResult[] {
    return this.node(name).healthHistory()
  }

  /** Stops every node and forgets listeners; the manager is not used after this. */
  async dispose(): Promise<void> {
    clearInterval(this.treeTimer)
    this.stopHearingWatchdog()
    await this.stopAll()
    await this.watches.close()
    this.erlang.dispose()
    this.listeners.clear()
  }
}
