import type { RestartPolicyName, StopSignal } from '../domain/node'
import { STOP_SIGNALS } from '../domain/node'
import { type FieldReader, joinPath, type RawObject } from './field-reader'
import {
  readDependsOn,
  readLogLinePattern,
  readWatch,
  type WrittenDependency,
} from './read-start-fields'

/** What one node entry (or the cluster's `defaults`) says, before defaults fill the gaps. */
export interface PartialNode {
  name?: string
  replicas?: number
  command?: string
  cwd?: string
  env?: Record<string, string>
  host?: string
  /** null: the node listens on no port. */
  port?: number | null
  health?: PartialHealth
  readiness?: { timeoutMs?: number; intervalMs?: number; logLine?: string }
  restart?: {
    policy?: RestartPolicyName
    maxRestarts?: number
    backoffMs?: number
    maxBackoffMs?: number
    resetAfterMs?: number
  }
  stop?: { signal?: StopSignal; killTimeoutMs?: number }
  autostart?: boolean
  erlang?: { name?: string; cookie?: string; names?: 'long' | 'short' }
  dependsOn?: WrittenDependency[]
  envFiles?: string[]
  watch?: { paths?: string[]; ignore?: string[]; debounceMs?: number }
}

export interface PartialHealth {
  type?: 'http' | 'tcp' | 'erlang' | 'none'
  path?: string
  expectStatus?: number
  intervalMs?: number
  timeoutMs?: number
  failureThreshold?: number
  successThreshold?: number
  onUnhealthy?: 'report' | 'restart'
}

export const NODE_FIELDS = [
  'name',
  'replicas',
  'command',
  'cwd',
  'env',
  'host',
  'port',
  'health',
  'readiness',
  'restart',
  'stop',
  'autostart',
  'erlang',
  'dependsOn',
  'envFile',
  'watch',
] as const
/** Fields only a node may have: the cluster's `defaults` cannot hold them. */
const NODE_ONLY_FIELDS = ['name', 'replicas', 'port', 'dependsOn']
const HEALTH_FIELDS = [
  'type',
  'path',
  'expectStatus',
  'interval',
  'timeout',
  'failureThreshold',
  'successThreshold',
  'onUnhealthy',
]
const READINESS_FIELDS = ['timeout', 'interval', 'logLine']
const RESTART_FIELDS = ['policy', 'maxRestarts', 'backoff', 'maxBackoff', 'resetAfter']
const STOP_FIELDS = ['signal', 'killTimeout']
const RESTART_POLICIES: readonly RestartPolicyName[] = ['on-failure', 'always', 'never']
const HEALTH_TYPES = ['http', 'tcp', 'erlang', 'none'] as const
const ERLANG_FIELDS = ['name', 'cookie', 'names']
const ERLANG_NAME_PATTERN = /^[A-Za-z0-9_.{}-]+(@[A-Za-z0-9_.:{}-]+)?$/
const HOST_PATTERN = /^[A-Za-z0-9.:[\]-]+$/
const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

function normaliseSignal(raw: string): string {
  const upper = raw.trim().toUpperCase()
  return upper.startsWith('SIG') ? upper : `SIG${upper}`
}

/**
 * Reads the fields of one node entry. `where` says what the entry is allowed to hold: the
 * cluster's `defaults` may not name a node, set replicas or a port.
 */
export function readNodeFields(
  reader: FieldReader,
  raw: RawObject,
  path: string,
  where: 'node' | 'defaults',
): PartialNode {
  const known =
    where === 'node'
      ? NODE_FIELDS
      : NODE_FIELDS.filter((field) => !NODE_ONLY_FIELDS.includes(field))
  reader.onlyKnownKeys(raw, path, known)
  const at = (key: string) => joinPath(path, key)
  const node: PartialNode = {}

  if (where === 'node') {
    if (raw.name === undefined) {
      reader.report(at('name'), 'is missing', 'Give every node a name, such as name: web.')
    } else {
      node.name = reader.string(raw.name, at('name'), 'Give the node a name, such as name: web.')
    }
    node.replicas = reader.integer(raw.replicas, at('replicas'), 1, 500)
    if (raw.port === null) node.port = null
    else node.port = reader.integer(raw.port, at('port'), 1, 65535)
    node.dependsOn = readDependsOn(reader, raw.dependsOn, at('dependsOn'))
  }
  node.envFiles = reader.stringList(
    raw.envFile,
    at('envFile'),
    'Name a file relative to the cluster file, such as envFile: .env, or a list of them.',
  )
  node.watch = readWatch(reader, raw.watch, at('watch'))
  node.command = reader.string(
    raw.command,
    at('command'),
    'Write the command line that starts the node, such as command: npm start.',
  )
  node.cwd = reader.string(raw.cwd, at('cwd'), 'Give a folder, absolute or relative to the file.')
  node.env = reader.stringMap(
    raw.env,
    at('env'),
    ENV_KEY_PATTERN,
    'Use letters, digits and _ only, not starting with a digit.',
  )
  const host = reader.string(raw.host, at('host'), 'Use an address such as 127.0.0.1.')
  if (host !== undefined && !HOST_PATTERN.test(host)) {
    reader.report(
      at('host'),
      `"${host}" is not a host name or address`,
      'Use an address such as 127.0.0.1.',
    )
  } else node.host = host
  node.autostart = reader.boolean(raw.autostart, at('autostart'))
  node.health = readHealth(reader, raw.health, at('health'))
  node.readiness = readReadiness(reader, raw.readiness, at('readiness'))
  node.restart = readRestart(reader, raw.restart, at('restart'))
  node.stop = readStop(reader, raw.stop, at('stop'))
  node.erlang = readErlang(reader, raw.erlang, at('erlang'))
  return node
}

function readErlang(reader: FieldReader, value: unknown, path: string) {
  const raw = reader.object(value, path, '{ name: node1@127.0.0.1, cookie: secret }')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, ERLANG_FIELDS)
  const at = (key: string) => joinPath(path, key)
  const name = reader.string(
    raw.name,
    at('name'),
    "Write the node's Erlang name, such as node1@127.0.0.1.",
  )
  if (name !== undefined && !ERLANG_NAME_PATTERN.test(name)) {
    reader.report(
      at('name'),
      `"${name}" is not an Erlang node name`,
      'Write name@host, such as node1@127.0.0.1, with letters, digits, "_" and "-" before the "@".',
    )
  }
  return {
    name,
    cookie: reader.string(raw.cookie, at('cookie'), 'Write the cookie, or leave it out.'),
    names: reader.oneOf(raw.names, at('names'), ['long', 'short'] as const),
  }
}

function readHealth(reader: FieldReader, value: unknown, path: string): PartialHealth | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') {
    // Shorthands: "none", "tcp", "http" or a path such as "/api/health".
    if (value.startsWith('/')) return { type: 'http', path: value }
    const type = reader.oneOf(value, path, HEALTH_TYPES)
    return type ? { type } : undefined
  }
  const raw = reader.object(value, path, '{ type: http, path: /api/health } or "none"')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, HEALTH_FIELDS)
  const at = (key: string) => joinPath(path, key)
  const health: PartialHealth = {
    type: reader.oneOf(raw.type, at('type'), HEALTH_TYPES),
    expectStatus: reader.integer(raw.expectStatus, at('expectStatus'), 100, 599),
    intervalMs: reader.duration(raw.interval, at('interval')),
    timeoutMs: reader.duration(raw.timeout, at('timeout')),
    failureThreshold: reader.integer(raw.failureThreshold, at('failureThreshold'), 1, 100),
    successThreshold: reader.integer(raw.successThreshold, at('successThreshold'), 1, 100),
    onUnhealthy: reader.oneOf(raw.onUnhealthy, at('onUnhealthy'), ['report', 'restart'] as const),
  }
  const healthPath = reader.string(raw.path, at('path'), 'Use a path such as /api/health.')
  if (healthPath !== undefined && !healthPath.startsWith('/')) {
    reader.report(at('path'), `must start with "/", got "${healthPath}"`, `Write "/${healthPath}".`)
  } else health.path = healthPath
  return health
}

function readReadiness(reader: FieldReader, value: unknown, path: string) {
  if (value === undefined) return undefined
  if (typeof value === 'number' || typeof value === 'string') {
    const timeoutMs = reader.duration(value, path)
    return timeoutMs === undefined ? undefined : { timeoutMs }
  }
  const raw = reader.object(value, path, '{ timeout: 30s }')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, READINESS_FIELDS)
  return {
    timeoutMs: reader.duration(raw.timeout, joinPath(path, 'timeout')),
    intervalMs: reader.duration(raw.interval, joinPath(path, 'interval')),
    logLine: readLogLinePattern(reader, raw.logLine, joinPath(path, 'logLine')),
  }
}

function readRestart(reader: FieldReader, value: unknown, path: string) {
  if (value === undefined) return undefined
  if (typeof value === 'string') {
    const policy = reader.oneOf(value, path, RESTART_POLICIES)
    return policy ? { policy } : undefined
  }
  const raw = reader.object(value, path, '{ policy: on-failure, maxRestarts: 5 } or "never"')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, RESTART_FIELDS)
  const at = (key: string) => joinPath(path, key)
  return {
    policy: reader.oneOf(raw.policy, at('policy'), RESTART_POLICIES),
    maxRestarts: reader.integer(raw.maxRestarts, at('maxRestarts'), 0, 1000),
    backoffMs: reader.duration(raw.backoff, at('backoff'), true),
    maxBackoffMs: reader.duration(raw.maxBackoff, at('maxBackoff'), true),
    resetAfterMs: reader.duration(raw.resetAfter, at('resetAfter')),
  }
}

function readStop(reader: FieldReader, value: unknown, path: string) {
  if (value === undefined) return undefined
  const raw = reader.object(value, path, '{ signal: SIGTERM, killTimeout: 5s }')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, STOP_FIELDS)
  return {
    signal: reader.oneOf(raw.signal, joinPath(path, 'signal'), STOP_SIGNALS, normaliseSignal),
    killTimeoutMs: reader.duration(raw.killTimeout, joinPath(path, 'killTimeout')),
  }
}
