import type { ErlangIdentity } from './erlang'
import type { ResourceSample } from './resources'

/**
 * The vocabulary of one supervised node, shared by the engine, the contract and every UI.
 * States are spelled exactly as in the lifecycle: a node moves
 * stopped → (waiting →) starting → running → stopping → stopped, and on a crash
 * crashed → backoff → starting, or crashed → failed when restarts are used up. `waiting`:
 * what it depends on does not hold yet. `completed`: a one-shot task (restart: never) that
 * exited with code 0.
 */
export const NODE_STATES = [
  'stopped',
  'waiting',
  'starting',
  'running',
  'stopping',
  'crashed',
  'backoff',
  'failed',
  'exited',
  'completed',
] as const
export type NodeState = (typeof NODE_STATES)[number]

export type HealthStatus = 'unknown' | 'healthy' | 'unhealthy'

export type LogStream = 'stdout' | 'stderr' | 'system'
export const LOG_STREAMS: readonly LogStream[] = ['stdout', 'stderr', 'system']

/** How often a health check runs and how many results in a row change the status. */
export interface HealthTiming {
  intervalMs: number
  timeoutMs: number
  failureThreshold: number
  successThreshold: number
  /** `restart`: turning unhealthy is a crash, restarted under the restart policy. */
  onUnhealthy: 'report' | 'restart'
}

export type HealthCheckSpec =
  | ({
      type: 'http'
      path: string
      /** An exact status, or omitted for "any 2xx". */
      expectStatus?: number
    } & HealthTiming)
  /** The port accepts TCP connections. */
  | ({ type: 'tcp' } & HealthTiming)
  /** The node answers net_adm:ping from the cluster's hidden helper node. */
  | ({ type: 'erlang' } & HealthTiming)
  | { type: 'none' }

export type RestartPolicyName = 'on-failure' | 'always' | 'never'

export interface RestartSpec {
  policy: RestartPolicyName
  maxRestarts: number
  backoffMs: number
  maxBackoffMs: number
  /** A node that stays running this long gets its restart count back to zero. */
  resetAfterMs: number
}

export interface StopSpec {
  signal: StopSignal
  killTimeoutMs: number
}

export const STOP_SIGNALS = [
  'SIGTERM',
  'SIGINT',
  'SIGQUIT',
  'SIGHUP',
  'SIGUSR1',
  'SIGUSR2',
] as const
export type StopSignal = (typeof STOP_SIGNALS)[number]

export interface ReadinessSpec {
  timeoutMs: number
  intervalMs: number
  /** A regular expression a stdout or stderr line must match first, or null. */
  logLine: string | null
}

/** What a dependent needs of a node: its process running, it ready, or it done with code 0. */
export const DEPENDENCY_CONDITIONS = ['started', 'healthy', 'completed'] as const
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number]

export interface Dependency {
  node: string
  condition: DependencyCondition
}

/** Files whose changes restart the node, relative to its folder. */
export interface WatchSpec {
  paths: string[]
  ignore: string[]
  debounceMs: number
}

/** A node after replicas, templates and defaults are resolved: everything the engine needs. */
export interface NodeSpec {
  name: string
  command: string
  cwd: string
  env: Record<string, string>
  host: string
  /** null for a node that listens on no port (a worker); its health must then be `none`. */
  port: number | null
  health: HealthCheckSpec
  readiness: ReadinessSpec
  restart: RestartSpec
  stop: StopSpec
  autostart: boolean
  /** Set when the node is an Erlang node: from its command line, or its `erlang:` field. */
  erlang: ErlangIdentity | null
  /** The replica group it belongs to (its entry's name), or null for a node of its own. */
  group: string | null
  /** What must hold before it starts; replica groups are named by each replica. */
  dependsOn: Dependency[]
  /** Environment files read at every start, before `env`: relative to the cluster file until loaded. */
  envFiles: string[]
  watch: WatchSpec | null
}

export interface ExitInfo {
  code: number | null
  signal: string | null
  at: number
  /**
   * Set when the exit was a stop Cluster Desk made (asked for, or a readiness or health
   * verdict): `forced` when it had to SIGKILL after `killTimeoutMs` because `signal` was not
   * obeyed. Such an exit reads "stopped", never as the signal that ended it.
   */
  stop?: { forced: boolean; signal: string; killTimeoutMs: number }
}

/** A failure explained: one sentence of problem, one of what to do. */
export interface Diagnosis {
  code: DiagnosisCode
  problem: string
  fix: string
  /** The output that led here (last stderr lines, say), kept even after later output. */
  lastLines?: string[]
}

export type DiagnosisCode =
  | 'port-in-use'
  | 'command-not-found'
  | 'cwd-missing'
  | 'permission-denied'
  | 'exited-during-start'
  | 'never-ready'
  | 'health-wrong-status'
  | 'erlang-name-in-use'
  | 'epmd-unavailable'
  | 'erlang-distribution-failed'
  | 'restarts-exhausted'
  | 'env-file-missing'
  | 'dependency-failed'
  | 'exited-with-error'
  | 'spawn-failed'
  | 'stop-incomplete'

export interface ProbeResult {
  at: number
  latencyMs: number
  ok: boolean
  /** HTTP status when the probe was HTTP and got an answer. */
  status?: number
  error?: string
}

export interface NodeSnapshot {
  name: string
  state: NodeState
  health: HealthStatus
  /** When the node entered its current state. */
  since: number
  pid: number | null
  host: string
  port: number | null
  url: string | null
  restarts: number
  maxRestarts: number
  nextRestartAt: number | null
  lastExit: ExitInfo | null
  startedAt: number | null
  diagnosis: Diagnosis | null
  autostart: boolean
  group: string | null
  /** What it needs before it starts, from its definition. */
  dependsOn: Dependency[]
  /** While `waiting`: the conditions that do not hold yet. */
  waitingFor: Dependency[]
  /** While `starting`: why the last readiness check failed ("GET /nope → 404"), or null. */
  readinessCheck: string | null
  /** The last lines (stderr first) of the run that crashed last: what backoff waits after. */
  crashLines: string[]
  /** Its tree's CPU and memory as last sampled, while it runs; absent where /proc is not. */
  resources?: ResourceSample
}

export interface NodeStateChange {
  node: string
  from: NodeState
  to: NodeState
  at: number
  /** Why, in words: "exited with code 1", "stopped by user". */
  reason: string
}
