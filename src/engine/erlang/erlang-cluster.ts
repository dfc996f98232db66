import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  aliveName,
  type ErlangNodeSpec,
  hostOfName,
  isErlangNode,
} from '../../shared/cluster/erlang-identity'
import type { ClusterSpec } from '../../shared/domain/cluster'
import type { ErlangMesh, RemoteShellTarget } from '../../shared/domain/erlang'
import type { Diagnosis, NodeSpec, NodeState, ProbeResult } from '../../shared/domain/node'
import type { PortOwner } from '../supervisor/process/port-owner'
import { ensureEpmd, epmdPort, queryEpmd, untilRegistered } from './epmd'
import * as diagnose from './erlang-diagnosis'
import { clusterCookie, helperOptionsFor, KeptHelper } from './kept-helper'
import { Looks } from './looks'
import { buildMesh, COOKIE_REFUSED, type Polled, parsePoll } from './mesh'
import { noHelper, notAnErlangNode, notRunning } from './refusals'

/** How often the helper looks at every running node, besides after each change. */
const POLL_MS = 2000
/** A change (a node up, a connect, a partition) is looked at this soon after. */
const SOON_MS = 50
/** How long a partition or a heal waits for the mesh to settle, and how often it looks. */
const SETTLE_MS = 5000
const SETTLE_LOOK_MS = 150

export interface ErlangDependencies {
  env: NodeJS.ProcessEnv
  /** resources/erlang-helper.escript; without it the mesh stays empty and says why. */
  helperScript?: string
  /** The cluster manager as tree marks name it, so the helper dies with the engine too. */
  markOwner?: string
  findPortOwner: (port: number) => PortOwner | undefined
  now: () => number
  /** The node's latest output lines, to find a refused connection in. */
  recentOutput?: (node: string) => string[]
}

/**
 * The Erlang side of one cluster: epmd, the name pre-flight, the hidden helper node, and the
 * mesh of who sees whom. Nodes are joined as they become running when `connect` is on (never
 * a partitioned one); the mesh is looked at every 2 s and soon after every change, and pushed
 * when it changed.
 */
export class ErlangCluster {
  private readonly helper: KeptHelper
  /** Running Erlang nodes, by name, with when they became running. */
  private readonly running = new Map<string, number>()
  /** Nodes whose distribution is up: registered with epmd while starting, or running. */
  private readonly distributed = new Set<string>()
  /** The launch each starting node is watched for, so a later one ends an earlier watch. */
  private readonly launching = new Map<string, symbol>()
  private readonly partitioned = new Set<string>()
  private polled = new Map<string, Polled>()
  private epmd: ErlangMesh['epmd']
  private readonly looks = new Looks(() => this.pollNow(), SOON_MS, POLL_MS)
  private lastPushed = ''
  /** Why epmd could not be had when a node last needed it. */
  private epmdFailure: string | undefined
  private disposed = false

  constructor(
    private spec: ClusterSpec,
    private readonly deps: ErlangDependencies,
    private readonly emit: (mesh: ErlangMesh) => void,
  ) {
    this.epmd = { port: epmdPort(deps.env), running: false, names: [], error: null }
    this.helper = new KeptHelper(
      () => (this.disposed ? undefined : helperOptionsFor(this.erlangNodes, deps)),
      () => this.running.size > 0,
      () => this.looks.soon(),
    )
  }

  /** A new definition of the cluster (an edit applied in place). */
  update(spec: ClusterSpec): void {
    this.spec = spec
    this.looks.soon()
  }

  private get erlangNodes(): ErlangNodeSpec[] {
    return this.spec.nodes.filter(isErlangNode)
  }

  /** The node's full Erlang name: as written, or with the helper's host (this machine's). */
  fullName(node: ErlangNodeSpec): string {
    const { name, longNames } = node.erlang
    if (name.includes('@')) return name
    const host = this.helper.node ? hostOfName(this.helper.node) : undefined
    const machine = longNames ? hostname() : hostname().split('.')[0]
    return `${name}@${host ?? machine}`
  }

  /**
   * Before an Erlang node starts: epmd must run (started when it does not), and its name must
   * be free, or the start is pointless. The helper is started meanwhile, beside the node.
   */
  async preflight(node: NodeSpec): Promise<Diagnosis | undefined> {
    if (!isErlangNode(node)) return undefined
    const env = { ...this.deps.env, ...node.env }
    const port = epmdPort(env)
    const names = await ensureEpmd(env)
    this.noteEpmd(port, names)
    this.epmdFailure = names.ok ? undefined : names.error
    if (!names.ok) return diagnose.epmdUnavailable(node, port, names.error)
    const alive = aliveName(node.erlang.name)
    const taken = names.names.find((entry) => entry.name === alive)
    if (taken) return diagnose.erlangNameTaken(node, alive, this.deps.findPortOwner(taken.port))
    this.helper.ensure()
    if (this.spec.erlang.connect) void this.joinOnceRegistered(node, port)
    return undefined
  }

  /**
   * Joins a starting node to the others as soon as its distribution is up, not only once its
   * readiness check passes: the mesh forms at the speed of the VMs, whatever the interval.
   */
  private async joinOnceRegistered(node: ErlangNodeSpec, port: number): Promise<void> {
    const launch = Symbol(node.name)
    this.launching.set(node.name, launch)
    const wanted = () => this.launching.get(node.name) === launch && !this.disposed
    if (!(await untilRegistered(port, aliveName(node.erlang.name), wanted))) return
    this.distributed.add(node.name)
    if (!this.partitioned.has(node.name)) await this.join(node)
  }

  private noteEpmd(port: number, names: Awaited<ReturnType<typeof queryEpmd>>): void {
    this.epmd = names.ok
      ? { port, running: true, names: names.names, error: null }
      : { port, running: false, names: [], error: names.error }
  }

  /** A node's state changed: join it to the others when it runs, and look again. */
  nodeChanged(name: string, state: NodeState): void {
    const node = this.erlangNodes.find((candidate) => candidate.name === name)
    if (!node) return
    if (state === 'running') {
      this.running.set(name, this.deps.now())
      this.distributed.add(name)
      if (this.spec.erlang.connect && !this.partitioned.has(name)) void this.join(node)
    } else if (state !== 'starting') {
      // A new process is a new VM: whatever isolated the old one is gone with it.
      this.launching.delete(name)
      this.distributed.delete(name)
      this.running.delete(name)
      this.partitioned.delete(name)
      this.polled.delete(name)
    }
    this.looks.periodic = true
    this.looks.soon()
  }

  /** The other nodes a node may see: distributed, not partitioned. */
  private others(name: string): ErlangNodeSpec[] {
    return this.erlangNodes.filter(
      (node) =>
        node.name !== name && this.distributed.has(node.name) && !this.partitioned.has(node.name),
    )
  }

  private names(nodes: ErlangNodeSpec[]): string[] {
    return nodes.map((node) => this.fullName(node))
  }

  private async join(node: ErlangNodeSpec): Promise<void> {
    const others = this.others(node.name)
    if (others.length === 0) return
    await this.helper.request('connect', this.names([node, ...others])).catch(() => {})
    this.looks.soon()
  }

  /**
   * Joins again the nodes that should see each other and do not: cutting one node off makes
   * `global` (prevent_overlapping_partitions) disconnect the others from each other too, and
   * a real network blip can do the same. A partitioned node is never among them.
   */
  private async keepJoined(): Promise<void> {
    const apart = this.erlangNodes.filter((node) => {
      const seen = this.polled.get(node.name)
      if (!seen?.up || this.partitioned.has(node.name)) return false
      return this.others(node.name).some(
        (other) => this.polled.get(other.name)?.up && !seen.sees.includes(this.fullName(other)),
      )
    })
    for (const node of apart) await this.join(node)
  }

  private async pollNow(): Promise<void> {
    const running = this.erlangNodes.filter((node) => this.running.has(node.name))
    if (this.helper.node && running.length > 0) {
      const lines = await this.helper.request('poll', this.names(running)).catch(() => [])
      const byFullName = parsePoll(lines)
      this.polled = new Map(
        running.flatMap((node) => {
          const seen = byFullName.get(this.fullName(node))
          return seen ? [[node.name, seen]] : []
        }),
      )
      if (this.spec.erlang.connect) await this.keepJoined()
    }
    if (running.length === 0) this.looks.periodic = false
    this.noteEpmd(this.epmd.port, await queryEpmd(this.epmd.port))
    if (this.disposed) return
    const mesh = this.mesh()
    // Pushed when anything a person would see changed; uptime alone ticks on every look.
    const seen = JSON.stringify({
      ...mesh,
      at: 0,
      nodes: mesh.nodes.map((n) => ({ ...n, uptimeMs: 0 })),
    })
    if (seen === this.lastPushed) return
    this.lastPushed = seen
    this.emit(mesh)
  }

  /**
   * Looks until every running node sees exactly the nodes it should (none for a partitioned
   * one) twice in a row, or SETTLE_MS passed: a partition makes `global` on the other nodes
   * drop and retake their links for a moment, and the answer should show where it ends.
   */
  private async settle(): Promise<ErlangMesh> {
    await this.looks.now()
    // Without connect, nothing rejoins the others: one look is the answer.
    if (!this.spec.erlang.connect) return this.mesh()
    const deadline = Date.now() + SETTLE_MS
    for (let calm = 0; calm < 2 && Date.now() < deadline; ) {
      await sleep(SETTLE_LOOK_MS)
      await this.looks.now()
      calm = this.asIntended() ? calm + 1 : 0
    }
    return this.mesh()
  }

  /** Each running node sees the others not partitioned, a partitioned one sees none. */
  private asIntended(): boolean {
    return this.erlangNodes.every((node) => {
      if (!this.running.has(node.name)) return true
      const sees = this.polled.get(node.name)?.sees ?? []
      const expected = this.partitioned.has(node.name) ? [] : this.names(this.others(node.name))
      return sees.length === expected.length && expected.every((name) => sees.includes(name))
    })
  }

  mesh(): ErlangMesh {
    return buildMesh({
      nodes: this.erlangNodes,
      fullName: (node) => this.fullName(node),
      running: this.running,
      partitioned: this.partitioned,
      polled: this.polled,
      epmd: this.epmd,
      connect: this.spec.erlang.connect,
      helper: this.helper.node ?? null,
      refusedInLog: (name) =>
        (this.deps.recentOutput?.(name) ?? []).some((line) => COOKIE_REFUSED.test(line)),
      unavailable: !this.deps.helperScript
        ? 'Cluster Desk was started without its Erlang helper.'
        : (this.helper.failure ?? this.epmdFailure),
      now: this.deps.now(),
    })
  }

  /** One `net_adm:ping` from the helper: the `erlang` health check and readiness. */
  async ping(spec: NodeSpec): Promise<ProbeResult> {
    const at = Date.now()
    if (!isErlangNode(spec)) return { at, latencyMs: 0, ok: false, error: 'not an Erlang node' }
    const [answer] = await this.helper
      .request('ping', [this.fullName(spec)], 5000)
      .catch((error: Error) => [error.message])
    const result: ProbeResult = { at, latencyMs: Date.now() - at, ok: answer === 'pong' }
    if (answer === 'pang') result.error = `${this.fullName(spec)} did not answer net_adm:ping`
    else if (answer !== 'pong') result.error = answer ?? 'no answer'
    return result
  }

  private runningErlangNode(name: string): ErlangNodeSpec {
    const node = this.erlangNodes.find((candidate) => candidate.name === name)
    if (!node) throw notAnErlangNode(name, 'A partition or a heal')
    if (!this.running.has(name)) throw notRunning(name)
    if (!this.helper.node) throw noHelper(this.helper.failure)
    return node
  }

  /** Cuts `name` off every other node: a random cookie for each on it, then a disconnect. */
  async partition(name: string): Promise<ErlangMesh> {
    const node = this.runningErlangNode(name)
    const others = this.erlangNodes.filter(
      (other) => other !== node && this.running.has(other.name),
    )
    await this.helper.request('partition', this.names([node, ...others]))
    this.partitioned.add(name)
    return this.settle()
  }

  /** Gives `name` (or every partitioned node) the cluster's cookie back, and reconnects it. */
  async heal(name?: string): Promise<ErlangMesh> {
    for (const each of name === undefined ? [...this.partitioned] : [name]) {
      const node = this.runningErlangNode(each)
      this.partitioned.delete(each)
      await this.helper.request('heal', this.names([node, ...this.others(each)]))
    }
    return this.settle()
  }

  remoteShell(name: string): RemoteShellTarget {
    const node = this.erlangNodes.find((candidate) => candidate.name === name)
    if (!node) throw notAnErlangNode(name, 'A remote shell')
    return {
      erlangName: this.fullName(node),
      longNames: node.erlang.longNames,
      cookie: node.erlang.cookie ?? clusterCookie(this.erlangNodes),
    }
  }

  dispose(): void {
    this.disposed = true
    this.looks.stop()
    this.helper.stop()
  }
}
