import type { ConfigProblem } from '../cluster/problems'
import type { ApplyPlan } from '../domain/apply-plan'
import type { ClusterSnapshot, ClusterSpec } from '../domain/cluster'
import type { ErlangMesh, RemoteShellTarget } from '../domain/erlang'
import type { LogLine, LogPage } from '../domain/logs'
import type { LogStream, NodeSnapshot, ProbeResult } from '../domain/node'
import type { NodeInspection } from '../domain/resources'
import type { IpcResult } from './result'

/**
 * The contract between the engine and every UI: the desktop window (Electron IPC through the
 * preload), a browser (WebSocket to the headless host) and the CLI. main, preload, renderer,
 * host and CLI all import this module, so a renamed channel fails typecheck, not at run time.
 * Every channel starts with CHANNEL_PREFIX; transports refuse anything else.
 */
export const CHANNEL_PREFIX = 'cd:'
/** Largest command any transport takes, as JSON: a command is a few hundred bytes. */
export const MAX_COMMAND_BYTES = 1024 * 1024

export type ExportFormat = 'text' | 'jsonl'

/** How the window is set up; the desktop app keeps these in its settings. */
export interface UiPreferences {
  notifications: boolean
  timestamps: boolean
}

export interface ClusterSummary {
  name: string
  /** Where the definition came from: a file path, "built-in" or "saved". */
  source: string
  active: boolean
  nodes: number
  /** The JSON or YAML file a save can write the cluster back to, or null. */
  file: string | null
}

/** A cluster saved: where, and what applying it did. */
export interface SavedCluster extends ClusterSummary {
  applied: ApplyPlan
  /** Where it was kept, in words: a file (and its backup), the app's settings, or memory. */
  savedTo: string
}

/**
 * An export that was saved. Each transport saves it its own way, streaming so that a log of
 * any size never becomes one string: the desktop app writes the file the user picks, a
 * browser downloads it, the CLI writes it where it was told.
 */
export interface ExportedLog {
  /** The file name: "<cluster>-<node>-<time>.log". */
  fileName: string
  lines: number
  /** "saved" to `savedTo`; "downloaded" by a browser, to its own folder; "cancelled" by the user. */
  outcome: 'saved' | 'downloaded' | 'cancelled'
  savedTo?: string
}

export type ExportRequest = { node?: string; format: ExportFormat; ansi: 'keep' | 'strip' }

export type ParsedClusterFile =
  | { ok: true; definition: unknown }
  | { ok: false; problems: ConfigProblem[] }

export type ClusterValidationResult =
  | { ok: true; cluster: ClusterSpec; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] }

export interface Commands {
  'cd:cluster:snapshot': { request: Record<string, never>; response: ClusterSnapshot }
  'cd:cluster:start': { request: Record<string, never>; response: ClusterSnapshot }
  'cd:cluster:stop': { request: Record<string, never>; response: ClusterSnapshot }
  'cd:cluster:restart': { request: Record<string, never>; response: ClusterSnapshot }
  /** Starts what the node depends on too, unless `dependencies` is false. */
  'cd:node:start': { request: { node: string; dependencies?: boolean }; response: NodeSnapshot }
  'cd:node:stop': { request: { node: string }; response: NodeSnapshot }
  'cd:node:restart': { request: { node: string }; response: NodeSnapshot }
  'cd:node:kill': { request: { node: string }; response: NodeSnapshot }
  /** Its process tree now and its CPU and memory over the last minutes (empty without /proc). */
  'cd:node:inspect': { request: { node: string }; response: NodeInspection }
  /**
   * Scales a replica group at run time: new replicas get the next names and ports and start;
   * removed ones stop, highest index first. The cluster file is not rewritten.
   */
  'cd:group:scale': { request: { group: string; replicas: number }; response: ClusterSnapshot }
  'cd:logs:read': {
    request: { node: string; afterSeq?: number; limit?: number; streams?: LogStream[] }
    response: LogPage
  }
  'cd:health:history': { request: { node: string }; response: ProbeResult[] }
  'cd:logs:export': {
    /** Without a node: every node's log in one file, merged by time. */
    request: ExportRequest
    response: ExportedLog
  }
  'cd:clusters:list': { request: Record<string, never>; response: ClusterSummary[] }
  /** Secrets in command lines and environments come back as "[redacted]" unless `reveal`. */
  'cd:clusters:get': { request: { name: string; reveal?: boolean }; response: ClusterSpec }
  'cd:clusters:load': { request: { name: string }; response: ClusterSnapshot }
  'cd:clusters:validate': { request: { definition: unknown }; response: ClusterValidationResult }
  /** What saving the definition would do to the nodes now: shown before a save. */
  'cd:clusters:plan': { request: { definition: unknown }; response: ApplyPlan }
  /**
   * Saves and applies it (see ApplyPlan); with `writeFile`, also to the file the cluster came
   * from, the old file kept as `<file>.bak`.
   */
  'cd:clusters:save': {
    request: { definition: unknown; writeFile?: boolean }
    response: SavedCluster
  }
  /** A cluster file's text (JSON, YAML or a Procfile, by its name) as a definition. */
  'cd:clusters:parse': { request: { text: string; fileName: string }; response: ParsedClusterFile }
  /** A definition as the YAML a cluster file holds. */
  'cd:clusters:print': { request: { definition: unknown }; response: { text: string } }
  'cd:preferences:get': { request: Record<string, never>; response: UiPreferences }
  'cd:preferences:set': { request: Partial<UiPreferences>; response: UiPreferences }
  /** Who sees whom among the Erlang nodes, and epmd's names. */
  'cd:erlang:mesh': { request: Record<string, never>; response: ErlangMesh }
  /** Cuts a running Erlang node off the others, as a netsplit would, until healed. */
  'cd:erlang:partition': { request: { node: string }; response: ErlangMesh }
  /** Joins a partitioned node to the others again; without a node, every partitioned one. */
  'cd:erlang:heal': { request: { node?: string }; response: ErlangMesh }
  /** What `cluster-desk remsh` needs: the node's Erlang name and the cluster's cookie. */
  'cd:erlang:remsh': { request: { node: string }; response: RemoteShellTarget }
}

export type Channel = keyof Commands
export type RequestOf<C extends Channel> = Commands[C]['request']
export type ResponseOf<C extends Channel> = Commands[C]['response']

/** New lines of one node since the previous batch. */
export interface NodeLogBatch {
  node: string
  lines: LogLine[]
  /** Lines that were pushed out of the node's buffer before they could be sent. */
  skipped: number
}

/**
 * One message per flush for all nodes (about every 50 ms, or sooner after a few hundred lines).
 * A client that fell behind loses whole batches, never the engine's buffers, and is told how
 * many it lost; it can re-read with cd:logs:read using the sequence numbers.
 */
export interface LogBatch {
  nodes: NodeLogBatch[]
  /** Batches this client did not get since its previous one. */
  dropped: number
}

export interface Events {
  /** Latest wins: a client that misses one loses nothing, the next one is complete. */
  'cd:cluster:snapshot': ClusterSnapshot
  'cd:logs:batch': LogBatch
  /** Latest wins, like snapshots: sent when anything in it changed. */
  'cd:erlang:mesh': ErlangMesh
}

export type EventChannel = keyof Events
export const EVENT_CHANNELS = [
  'cd:cluster:snapshot',
  'cd:logs:batch',
  'cd:erlang:mesh',
] as const satisfies readonly EventChannel[]

export type Unsubscribe = () => void

/** What a UI sees. The preload implements it over IPC; the web client over a WebSocket. */
export interface ClusterApi {
  snapshot(): Promise<IpcResult<ClusterSnapshot>>
  startCluster(): Promise<IpcResult<ClusterSnapshot>>
  stopCluster(): Promise<IpcResult<ClusterSnapshot>>
  restartCluster(): Promise<IpcResult<ClusterSnapshot>>
  startNode(node: string, options?: { dependencies?: boolean }): Promise<IpcResult<NodeSnapshot>>
  stopNode(node: string): Promise<IpcResult<NodeSnapshot>>
  restartNode(node: string): Promise<IpcResult<NodeSnapshot>>
  killNode(node: string): Promise<IpcResult<NodeSnapshot>>
  inspectNode(node: string): Promise<IpcResult<NodeInspection>>
  scaleGroup(group: string, replicas: number): Promise<IpcResult<ClusterSnapshot>>
  readLogs(request: RequestOf<'cd:logs:read'>): Promise<IpcResult<LogPage>>
  healthHistory(node: string): Promise<IpcResult<ProbeResult[]>>
  exportLogs(request: RequestOf<'cd:logs:export'>): Promise<IpcResult<ExportedLog>>
  listClusters(): Promise<IpcResult<ClusterSummary[]>>
  getCluster(name: string, options?: { reveal?: boolean }): Promise<IpcResult<ClusterSpec>>
  loadCluster(name: string): Promise<IpcResult<ClusterSnapshot>>
  validateCluster(definition: unknown): Promise<IpcResult<ClusterValidationResult>>
  planCluster(definition: unknown): Promise<IpcResult<ApplyPlan>>
  saveCluster(
    definition: unknown,
    options?: { writeFile?: boolean },
  ): Promise<IpcResult<SavedCluster>>
  parseClusterFile(text: string, fileName: string): Promise<IpcResult<ParsedClusterFile>>
  printCluster(definition: unknown): Promise<IpcResult<{ text: string }>>
  preferences(): Promise<IpcResult<UiPreferences>>
  setPreferences(change: Partial<UiPreferences>): Promise<IpcResult<UiPreferences>>
  erlangMesh(): Promise<IpcResult<ErlangMesh>>
  partitionNode(node: string): Promise<IpcResult<ErlangMesh>>
  healNode(node?: string): Promise<IpcResult<ErlangMesh>>
  remoteShell(node: string): Promise<IpcResult<RemoteShellTarget>>
  onClusterSnapshot(listener: (snapshot: ClusterSnapshot) => void): Unsubscribe
  onLogBatch(listener: (batch: LogBatch) => void): Unsubscribe
  onErlangMesh(listener: (mesh: ErlangMesh) => void): Unsubscribe
}

/** Builds a ClusterApi from any way of sending a command and subscribing to an event. */
export function createClusterApi(transport: {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>
  subscribe<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void): Unsubscribe
}): ClusterApi {
  const none = {} as Record<string, never>
  return {
    snapshot: () => transport.invoke('cd:cluster:snapshot', none),
    startCluster: () => transport.invoke('cd:cluster:start', none),
    stopCluster: () => transport.invoke('cd:cluster:stop', none),
    restartCluster: () => transport.invoke('cd:cluster:restart', none),
    startNode: (node, options) =>
      transport.invoke(
        'cd:node:start',
        options?.dependencies === undefined
          ? { node }
          : { node, dependencies: options.dependencies },
      ),
    stopNode: (node) => transport.invoke('cd:node:stop', { node }),
    restartNode: (node) => transport.invoke('cd:node:restart', { node }),
    killNode: (node) => transport.invoke('cd:node:kill', { node }),
    inspectNode: (node) => transport.invoke('cd:node:inspect', { node }),
    scaleGroup: (group, replicas) => transport.invoke('cd:group:scale', { group, replicas }),
    readLogs: (request) => transport.invoke('cd:logs:read', request),
    healthHistory: (node) => transport.invoke('cd:health:history', { node }),
    exportLogs: (request) => transport.invoke('cd:logs:export', request),
    listClusters: () => transport.invoke('cd:clusters:list', none),
    getCluster: (name, options) =>
      transport.invoke('cd:clusters:get', options?.reveal ? { name, reveal: true } : { name }),
    loadCluster: (name) => transport.invoke('cd:clusters:load', { name }),
    validateCluster: (definition) => transport.invoke('cd:clusters:validate', { definition }),
    planCluster: (definition) => transport.invoke('cd:clusters:plan', { definition }),
    saveCluster: (definition, options) =>
      transport.invoke(
        'cd:clusters:save',
        options?.writeFile ? { definition, writeFile: true } : { definition },
      ),
    parseClusterFile: (text, fileName) => transport.invoke('cd:clusters:parse', { text, fileName }),
    printCluster: (definition) => transport.invoke('cd:clusters:print', { definition }),
    preferences: () => transport.invoke('cd:preferences:get', none),
    setPreferences: (change) => transport.invoke('cd:preferences:set', change),
    erlangMesh: () => transport.invoke('cd:erlang:mesh', none),
    partitionNode: (node) => transport.invoke('cd:erlang:partition', { node }),
    healNode: (node) => transport.invoke('cd:erlang:heal', node === undefined ? {} : { node }),
    remoteShell: (node) => transport.invoke('cd:erlang:remsh', { node }),
    onClusterSnapshot: (listener) => transport.subscribe('cd:cluster:snapshot', listener),
    onLogBatch: (listener) => transport.subscribe('cd:logs:batch', listener),
    onErlangMesh: (listener) => transport.subscribe('cd:erlang:mesh', listener),
  }
}
