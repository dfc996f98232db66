import { DEFAULT_HOST } from '../../../shared/cluster/defaults'
import { erlangIdentityOf } from '../../../shared/cluster/erlang-identity'
import type { ConfigProblem } from '../../../shared/cluster/problems'
import { validateCluster } from '../../../shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../../shared/domain/cluster'
import type { NodeSpec } from '../../../shared/domain/node'

/** One node as the editor shows it: plain fields, plus whatever else it had, kept as is. */
export interface DraftNode {
  name: string
  command: string
  cwd: string
  /** A number; "auto" for the next default port; empty for a node that listens on none. */
  port: string
  /** KEY=value, one per line. */
  env: string
  autostart: boolean
  /** "/path" for HTTP, "tcp", "none", or empty to keep what `rest` says. */
  health: string
  /** Fields the form does not show (replicas, readiness, restart, stop, a detailed health). */
  rest: Record<string, unknown>
}

export interface Draft {
  name: string
  variables: Array<{ key: string; value: string }>
  nodes: DraftNode[]
  /** Cluster fields the form does not show (logLines, logBytes, erlang, defaults), kept as is. */
  rest: Record<string, unknown>
}

type RawNode = Record<string, unknown>

function envText(env: unknown): string {
  if (!env || typeof env !== 'object') return ''
  return Object.entries(env as Record<string, unknown>)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
}

/** What the Health field shows: the path of an HTTP check, or its type. */
function healthText(health: unknown): string {
  if (typeof health === 'string') return health
  if (!health || typeof health !== 'object') return ''
  const detailed = health as { type?: unknown; path?: unknown }
  if (typeof detailed.path === 'string') return detailed.path
  return typeof detailed.type === 'string' ? detailed.type : ''
}

/** The Health field written back, keeping the timings of a detailed check it still names. */
function healthValue(text: string, detailed: unknown): unknown {
  if (!text) return detailed
  if (detailed && typeof detailed === 'object') {
    if (text.startsWith('/')) return { ...detailed, type: 'http', path: text }
    if ((detailed as { type?: unknown }).type === text) return detailed
  }
  return text
}

/** From a cluster definition as a file holds it (a preset, an import). */
export function draftFromDefinition(raw: unknown): Draft {
  const definition = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const { name, nodes: rawNodes, variables: rawVariables, ...rest } = definition
  const nodes = Array.isArray(rawNodes) ? (rawNodes as RawNode[]) : []
  const variables = (rawVariables ?? {}) as Record<string, unknown>
  return {
    name: typeof name === 'string' ? name : 'cluster',
    rest,
    variables: Object.entries(variables).map(([key, value]) => ({ key, value: String(value) })),
    nodes: nodes.map((node) => {
      const { name, command, cwd, port, env, autostart, health, ...rest } = node
      return {
        name: String(name ?? ''),
        command: String(command ?? ''),
        cwd: typeof cwd === 'string' ? cwd : '',
        port: port === null ? '' : port === undefined ? 'auto' : String(port),
        env: envText(env),
        autostart: autostart !== false,
        health: healthText(health),
        rest: typeof health === 'object' && health !== null ? { ...rest, health } : rest,
      }
    }),
  }
}

/** From the engine's resolved spec: every node explicit, durations in milliseconds. */
export function draftFromSpec(spec: ClusterSpec): Draft {
  const erlangNodes = spec.nodes.filter((node) => node.erlang).length
  return draftFromDefinition({
    name: spec.name,
    logLines: spec.logLines,
    logBytes: spec.logBytes,
    // Only when it differs from what the nodes make the default.
    ...(spec.erlang.connect === erlangNodes >= 2 ? {} : { erlang: spec.erlang }),
    nodes: spec.nodes.map((node) => ({
      name: node.name,
      command: node.command,
      cwd: node.cwd,
      ...(node.host === DEFAULT_HOST ? {} : { host: node.host }),
      port: node.port,
      env: node.env,
      autostart: node.autostart,
      health: healthField(node.health),
      readiness: {
        timeout: node.readiness.timeoutMs,
        interval: node.readiness.intervalMs,
        ...(node.readiness.logLine === null ? {} : { logLine: node.readiness.logLine }),
      },
      restart: {
        policy: node.restart.policy,
        maxRestarts: node.restart.maxRestarts,
        backoff: node.restart.backoffMs,
        maxBackoff: node.restart.maxBackoffMs,
        resetAfter: node.restart.resetAfterMs,
      },
      stop: { signal: node.stop.signal, killTimeout: node.stop.killTimeoutMs },
      ...erlangField(node),
      ...(node.dependsOn.length > 0
        ? { dependsOn: Object.fromEntries(node.dependsOn.map((d) => [d.node, d.condition])) }
        : {}),
      ...(node.envFiles.length > 0 ? { envFile: node.envFiles } : {}),
      ...(node.watch
        ? {
            watch: {
              paths: node.watch.paths,
              ignore: node.watch.ignore,
              debounce: node.watch.debounceMs,
            },
          }
        : {}),
    })),
  })
}

/** A node's health check as a definition writes it, timings and all. */
function healthField(health: NodeSpec['health']): unknown {
  if (health.type === 'none') return 'none'
  return {
    type: health.type,
    ...(health.type === 'http' ? { path: health.path } : {}),
    interval: health.intervalMs,
    timeout: health.timeoutMs,
    failureThreshold: health.failureThreshold,
    successThreshold: health.successThreshold,
    ...(health.type === 'http' && health.expectStatus ? { expectStatus: health.expectStatus } : {}),
    ...(health.onUnhealthy === 'restart' ? { onUnhealthy: 'restart' } : {}),
  }
}

/** A node's `erlang:` field, written only when its command line does not already say it all. */
function erlangField(node: NodeSpec): { erlang?: Record<string, string> } {
  const { erlang } = node
  const said = erlangIdentityOf(node.command)
  if (!erlang) return {}
  if (
    said?.name === erlang.name &&
    said.longNames === erlang.longNames &&
    said.cookie === erlang.cookie
  )
    return {}
  return {
    erlang: {
      name: erlang.name,
      ...(erlang.cookie === null ? {} : { cookie: erlang.cookie }),
      names: erlang.longNames ? 'long' : 'short',
    },
  }
}

/** Back to a cluster definition, for validation, saving and exporting. */
export function definitionOf(draft: Draft): Record<string, unknown> {
  const env = (text: string) =>
    Object.fromEntries(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const at = line.indexOf('=')
          return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]
        }),
    )
  const definition: Record<string, unknown> = {
    ...draft.rest,
    name: draft.name,
    nodes: draft.nodes.map((node) => {
      const port = node.port.trim()
      return {
        ...node.rest,
        name: node.name,
        command: node.command,
        ...(node.cwd ? { cwd: node.cwd } : {}),
        ...(port === 'auto'
          ? {}
          : { port: port === '' ? null : /^\d+$/.test(port) ? Number(port) : port }),
        env: env(node.env),
        autostart: node.autostart,
        ...(healthValue(node.health, node.rest.health) === undefined
          ? {}
          : { health: healthValue(node.health, node.rest.health) }),
      }
    }),
  }
  if (draft.variables.length > 0) {
    definition.variables = Object.fromEntries(draft.variables.map((v) => [v.key, v.value]))
  }
  return definition
}

/** Every problem of the draft, from the same validator the engine loads files with. */
export function problemsOf(draft: Draft): ConfigProblem[] {
  const result = validateCluster(definitionOf(draft))
  return result.ok ? [] : result.problems
}

export function emptyNode(index: number): DraftNode {
  return {
    name: `node${index}`,
    command: '',
    cwd: '',
    port: 'auto',
    env: '',
    autostart: true,
    health: '',
    rest: {},
  }
}

/** The form fields a problem's path can point at: their input is marked. */
const FORM_FIELDS = ['name', 'command', 'cwd', 'port', 'env', 'health'] as const
export type FormField = (typeof FORM_FIELDS)[number]

/**
 * Where a problem is, as the form knows it: its node (by index) and, when the form shows it,
 * its field. `nodes[2].health.timeout` is node 2's health field.
 */
export function problemPlace(path: string): { node?: number; field?: FormField } {
  const match = /^nodes\[(\d+)\](?:\.([A-Za-z]+))?/.exec(path)
  if (!match) return {}
  const field = FORM_FIELDS.find((known) => known === match[2])
  return { node: Number(match[1]), field }
}

/** A problem's path in words: `nodes[2].port` of a node named web is "web › port". */
export function describeProblemPath(path: string, draft: Draft): string {
  if (!path) return 'cluster'
  const match = /^nodes\[(\d+)\]\.?(.*)$/.exec(path)
  if (!match) return path
  const index = Number(match[1])
  const node = draft.nodes[index]?.name || `node ${index + 1}`
  return match[2] ? `${node} › ${match[2].replace(/\./g, ' › ')}` : node
}

/**
 * The draft without the field a problem names, when it is one the form keeps aside (an
 * imported "helth"): undefined when the path is not such a field, so there is nothing to remove.
 */
export function withoutField(draft: Draft, path: string): Draft | undefined {
  const match = /^(?:nodes\[(\d+)\]\.)?(.+)$/.exec(path)
  if (!match) return undefined
  const keys = match[2]!.split('.')
  const index = match[1] === undefined ? undefined : Number(match[1])
  const node = index === undefined ? undefined : draft.nodes[index]
  if (index !== undefined && !node) return undefined
  const rest = removeAt(node ? node.rest : draft.rest, keys)
  if (!rest) return undefined
  if (!node) return { ...draft, rest }
  return {
    ...draft,
    nodes: draft.nodes.map((n, i) => (i === index ? { ...n, rest } : n)),
  }
}

function removeAt(
  object: Record<string, unknown>,
  [key, ...deeper]: string[],
): Record<string, unknown> | undefined {
  if (key === undefined || !(key in object)) return undefined
  if (deeper.length === 0) {
    const { [key]: _removed, ...kept } = object
    return kept
  }
  const inner = object[key]
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return undefined
  const changed = removeAt(inner as Record<string, unknown>, deeper)
  return changed && { ...object, [key]: changed }
}
