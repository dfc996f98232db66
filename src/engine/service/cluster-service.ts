import { isAbsolute } from 'node:path'
import { validateCluster } from '../../shared/cluster/validate-cluster'
import type { ApplyPlan } from '../../shared/domain/apply-plan'
import type { ClusterSpec } from '../../shared/domain/cluster'
import type {
  Channel,
  ClusterSummary,
  EventChannel,
  Events,
  ExportRequest,
  LogBatch,
  RequestOf,
  ResponseOf,
  SavedCluster,
  UiPreferences,
  Unsubscribe,
} from '../../shared/ipc/contract'
import { fail, type IpcResult, ok } from '../../shared/ipc/result'
import { describeSchemaError, isChannel, REQUEST_SCHEMAS } from '../../shared/ipc/schemas'
import { ErlangRequestError } from '../erlang/refusals'
import { planApply } from '../supervisor/apply-plan'
import { parseImportedFile, printClusterText, resolveNodePaths } from '../supervisor/cluster-file'
import {
  type ClusterDependencies,
  ClusterManager,
  UnknownNodeError,
} from '../supervisor/cluster-manager'
import { renderClusterExport, saveExport } from './cluster-export'
import { CommandError } from './command-error'
import type { RenderedExport } from './export-log'
import { inspectNode } from './inspect-node'
import { LogBatcher } from './log-batcher'
import { redactNodeSpec } from './redact'
import { checkedDefinition, writableClusterFile, writeClusterFile } from './save-cluster'
import { scaleGroup } from './scale-group'
import { SnapshotBroadcaster } from './snapshot-broadcaster'

/** Most text one cd:logs:read answers with: a client asking for 100,000 long lines gets the newest. */
export const READ_MAX_BYTES = 2 * 1024 * 1024

export interface RegisteredCluster {
  spec: ClusterSpec
  /** A file path, "built-in" or "saved". */
  source: string
  /** The definition as written, where there is one: what scaling a replica group changes. */
  definition?: unknown
  /** The folder the definition's relative paths start from. */
  baseDir?: string
}

type Handlers = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>
}

/**
 * The engine behind the contract: every transport (Electron IPC, the WebSocket host) passes
 * untrusted (channel, payload) pairs to `dispatch`, which checks the channel, validates the
 * payload with its schema and answers a result. It owns the active cluster and swaps it when
 * another is loaded (stopping every node of the old one first).
 */
export class ClusterService {
  private current: ClusterManager
  private readonly clusters = new Map<string, RegisteredCluster>()
  private active: string
  private batcher: LogBatcher | undefined
  private broadcaster: SnapshotBroadcaster | undefined
  private readonly listeners: { [E in EventChannel]: Set<(payload: Events[E]) => void> } = {
    'cd:cluster:snapshot': new Set(),
    'cd:logs:batch': new Set(),
    'cd:erlang:mesh': new Set(),
  }
  private stopMeshEvents: (() => void) | undefined

  constructor(
    clusters: RegisteredCluster[],
    private readonly dependencies: ClusterDependencies = {},
    /** Where the desktop app remembers saved clusters and the one last loaded. */
    private readonly hooks: {
      onSaved?(name: string, definition: unknown): void
      onLoaded?(name: string): void
      onPreferences?(preferences: UiPreferences): void
      /**
       * Saves an export where the user chooses (the desktop app's save dialog) and says where,
       * or null when they cancelled. Without it exports are only downloaded over HTTP.
       */
      saveExport?(rendered: RenderedExport): Promise<string | null>
    } = {},
    /** The window's preferences as last saved (the desktop app reads them from settings). */
    private preferences: UiPreferences = { notifications: false, timestamps: false },
  ) {
    const first = clusters[0]
    if (!first) throw new Error('ClusterService needs at least one cluster')
    for (const cluster of clusters) this.clusters.set(cluster.spec.name, cluster)
    this.active = first.spec.name
    this.current = this.attach(first.spec)
  }

  /** The manager of the cluster loaded now. */
  get manager(): ClusterManager {
    return this.current
  }

  on<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void): Unsubscribe {
    const set = this.listeners[event] as Set<(payload: Events[E]) => void>
    set.add(listener)
    return () => set.delete(listener)
  }

  private emit<E extends EventChannel>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners[event] as Set<(payload: Events[E]) => void>)
      listener(payload)
  }

  private attach(spec: ClusterSpec): ClusterManager {
    const manager = new ClusterManager(spec, this.dependencies)
    this.listen(manager)
    return manager
  }

  /** Batches and snapshots for the manager's current nodes (again, after nodes change). */
  private listen(manager: ClusterManager): void {
    this.batcher?.dispose()
    this.broadcaster?.dispose()
    this.batcher = new LogBatcher(
      manager,
      (batch: LogBatch) => this.emit('cd:logs:batch', batch),
      () => this.listeners['cd:logs:batch'].size > 0,
    )
    this.broadcaster = new SnapshotBroadcaster(manager, (s) => this.emit('cd:cluster:snapshot', s))
    this.stopMeshEvents?.()
    this.stopMeshEvents = manager.subscribe((event) => {
      if (event.type === 'mesh') this.emit('cd:erlang:mesh', event.mesh)
    })
  }

  /** Validates and runs one command from an untrusted sender. Never throws. */
  async dispatch(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (!isChannel(channel)) {
      return fail(
        'unknown-channel',
        `"${String(channel).slice(0, 80)}" is not a Cluster Desk command`,
        `Use one of: ${Object.keys(REQUEST_SCHEMAS).join(', ')}.`,
      )
    }
    const parsed = REQUEST_SCHEMAS[channel].safeParse(payload ?? {})
    if (!parsed.success) {
      return fail(
        'bad-request',
        describeSchemaError(channel, parsed.error),
        'Send the fields the contract gives for this command.',
      )
    }
    return this.run(channel, parsed.data as RequestOf<typeof channel>)
  }

  /** Runs a command whose request is already known to be valid. */
  async run<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    try {
      const handler = this.handlers[channel] as (
        r: RequestOf<C>,
      ) => Promise<ResponseOf<C>> | ResponseOf<C>
      return ok(await handler(request))
    } catch (error) {
      if (error instanceof CommandError) return error.result
      if (error instanceof ErlangRequestError)
        return fail('not-available', error.message, error.fix)
      if (error instanceof UnknownNodeError) {
        return fail('unknown-node', error.message, `Use one of: ${error.known.join(', ')}.`, {
          nodes: error.known,
        })
      }
      return fail(
        'internal',
        `${channel} failed: ${(error as Error).message}`,
        'This is a bug in Cluster Desk; the log above has the details.',
      )
    }
  }

  private registered(name: string): RegisteredCluster {
    const cluster = this.clusters.get(name)
    if (cluster) return cluster
    const names = [...this.clusters.keys()]
    throw new CommandError(
      fail(
        'unknown-cluster',
        `There is no cluster named "${name}".`,
        `Use one of: ${names.join(', ')}.`,
      ),
    )
  }

  private summary(cluster: RegisteredCluster): ClusterSummary {
    const { spec, source } = cluster
    const file = isAbsolute(source) && writableClusterFile(source) ? source : null
    return {
      name: spec.name,
      source,
      active: spec.name === this.active,
      nodes: spec.nodes.length,
      file,
    }
  }

  private checked(definition: unknown) {
    return checkedDefinition(definition, (name) => this.clusters.get(name)?.spec)
  }

  /** See ApplyPlan. */
  private plan(cluster: ClusterSpec): ApplyPlan {
    const now = this.current.nodes().map((node) => ({ spec: node.spec, snapshot: node.snapshot() }))
    return planApply(now, this.active, cluster, (name) => this.clusters.has(name))
  }

  /** Saves a definition, applies it to the loaded cluster and starts what the plan starts. */
  private async save(sent: unknown, writeFile: boolean): Promise<SavedCluster> {
    const { definition, cluster } = this.checked(sent)
    const applied = this.plan(cluster)
    const previous = this.clusters.get(cluster.name)
    const file = previous ? this.summary(previous).file : null
    if (writeFile && !file) {
      const message = `${cluster.name} did not come from a JSON or YAML file: there is none to write.`
      throw new CommandError(fail('not-available', message, 'Save without writing a file.'))
    }
    const backup = writeFile && file ? await writeClusterFile(file, definition) : undefined
    const baseDir = previous?.baseDir ?? process.cwd()
    const spec = resolveNodePaths(cluster, baseDir)
    const saved = { spec, source: file ?? 'saved', definition, baseDir }
    await this.register(saved)
    if (cluster.name === this.active) {
      for (const name of [...applied.start, ...applied.restart]) void this.current.startNode(name)
    }
    this.hooks.onSaved?.(spec.name, definition)
    const savedTo = backup
      ? `${file} (the old file is ${backup})`
      : this.hooks.onSaved
        ? "Cluster Desk's settings"
        : 'this host until it stops (write it to its file, or export it, to keep it)'
    return { ...this.summary(saved), applied, savedTo }
  }

  /** The export a request asks for, of the cluster loaded now. */
  renderExport(request: ExportRequest): RenderedExport {
    return renderClusterExport(this.current, request)
  }

  private readonly handlers: Handlers = {
    'cd:cluster:snapshot': () => this.current.snapshot(),
    'cd:cluster:start': () => this.current.startAll(),
    'cd:cluster:stop': () => this.current.stopAll(),
    'cd:cluster:restart': () => this.current.restartAll(),
    'cd:node:start': ({ node, dependencies }) => this.current.startNode(node, { dependencies }),
    'cd:node:stop': ({ node }) => this.current.stopNode(node),
    'cd:node:restart': ({ node }) => this.current.restartNode(node),
    'cd:node:kill': ({ node }) => this.current.killNode(node),
    'cd:node:inspect': ({ node }) => inspectNode(this.current, node),
    'cd:group:scale': ({ group, replicas }) => this.scale(group, replicas),
    'cd:logs:read': ({ node, ...query }) =>
      this.current.readLogs(node, { ...query, maxBytes: READ_MAX_BYTES }),
    'cd:health:history': ({ node }) => this.current.healthHistory(node),
    'cd:logs:export': (request) => saveExport(this.renderExport(request), this.hooks.saveExport),
    'cd:erlang:mesh': () => this.current.mesh(),
    'cd:erlang:partition': ({ node }) => this.current.partition(node),
    'cd:erlang:heal': ({ node }) => this.current.heal(node),
    'cd:erlang:remsh': ({ node }) => this.current.remoteShell(node),
    'cd:clusters:list': () => [...this.clusters.values()].map((c) => this.summary(c)),
    'cd:clusters:get': ({ name, reveal }) => {
      const { spec } = this.registered(name)
      return reveal ? spec : { ...spec, nodes: spec.nodes.map(redactNodeSpec) }
    },
    'cd:preferences:get': () => this.preferences,
    'cd:preferences:set': (change) => {
      this.preferences = { ...this.preferences, ...change }
      this.hooks.onPreferences?.(this.preferences)
      return this.preferences
    },
    'cd:clusters:load': async ({ name }) => {
      const cluster = this.registered(name)
      if (name !== this.active) await this.switchTo(cluster)
      this.hooks.onLoaded?.(name)
      return this.current.snapshot()
    },
    'cd:clusters:validate': ({ definition }) => {
      const result = validateCluster(definition)
      return result.ok
        ? { ok: true, cluster: result.cluster, warnings: result.warnings }
        : { ok: false, problems: result.problems }
    },
    'cd:clusters:parse': ({ text, fileName }) => parseImportedFile(text, fileName),
    'cd:clusters:print': ({ definition }) => ({ text: printClusterText(definition) }),
    'cd:clusters:plan': ({ definition }) => this.plan(this.checked(definition).cluster),
    'cd:clusters:save': ({ definition, writeFile }) => this.save(definition, writeFile === true),
  }

  /** See cd:group:scale. The scaled definition is kept in memory, never written to the file. */
  private async scale(group: string, replicas: number) {
    const scaled = await scaleGroup(this.current, this.registered(this.active), group, replicas)
    this.clusters.set(scaled.spec.name, scaled)
    this.listen(this.current)
    return this.current.snapshot()
  }

  /**
   * Takes a cluster opened from a file (the desktop app's Open Folder) and loads it. One of
   * the same name already loaded changes in place: nodes that did not change keep running.
   */
  async open(cluster: RegisteredCluster): Promise<void> {
    await this.register(cluster)
    if (cluster.spec.name !== this.active) await this.switchTo(cluster)
    this.hooks.onLoaded?.(cluster.spec.name)
  }

  /** Registers a cluster; the one loaded now changes in place, unchanged nodes keep running. */
  private async register(cluster: RegisteredCluster): Promise<void> {
    this.clusters.set(cluster.spec.name, cluster)
    if (cluster.spec.name !== this.active) return
    await this.current.apply(cluster.spec)
    this.listen(this.current)
    this.emit('cd:cluster:snapshot', this.current.snapshot())
  }

  private async switchTo(cluster: RegisteredCluster): Promise<void> {
    await this.detach()
    this.active = cluster.spec.name
    this.current = this.attach(cluster.spec)
    this.emit('cd:cluster:snapshot', this.current.snapshot())
    this.emit('cd:erlang:mesh', this.current.mesh())
  }

  private async detach(): Promise<void> {
    await this.current.stopAll()
    this.batcher?.dispose()
    this.broadcaster?.dispose()
    this.stopMeshEvents?.()
    await this.current.dispose()
  }

  /** Stops every node; the service is not used after this. */
  async dispose(): Promise<void> {
    // The final state goes out at once, not throttled: a window must not be left at "stopping".
    this.emit('cd:cluster:snapshot', await this.current.stopAll())
    await this.detach()
    for (const set of Object.values(this.listeners)) set.clear()
  }
}
