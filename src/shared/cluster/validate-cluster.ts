import type { ClusterSpec } from '../domain/cluster'
import type { HealthCheckSpec, NodeSpec, WatchSpec } from '../domain/node'
import { closestWord } from './closest-word'
import {
  DEFAULT_HEALTH,
  DEFAULT_HOST,
  DEFAULT_LOG_BYTES,
  DEFAULT_LOG_LINES,
  DEFAULT_MAX_NODES,
  DEFAULT_READINESS,
  DEFAULT_RESTART,
  DEFAULT_STOP,
  DEFAULT_WATCH_DEBOUNCE_MS,
  FIRST_DEFAULT_PORT,
  MAX_COMMAND_BYTES,
  MAX_LOG_BYTES,
  MAX_LOG_LINES,
  MAX_NODE_NAME_LENGTH,
  MAX_NODES_CEILING,
  NODE_NAME_PATTERN,
} from './defaults'
import { type ExpandedEntry, resolveDependencies } from './dependency-rules'
import { checkErlangHealth, checkErlangNodes, resolveErlangIdentity } from './erlang-rules'
import { FieldReader, joinPath } from './field-reader'
import type { ConfigProblem } from './problems'
import { type PartialNode, readNodeFields } from './read-node-fields'
import { BUILTIN_TEMPLATE_VARIABLES, renderTemplate, templateVariables } from './templates'

export type ClusterValidation =
  /** `warnings`: accepted, but worth telling the user about. */
  | { ok: true; cluster: ClusterSpec; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] }

const CLUSTER_FIELDS = [
  'name',
  'variables',
  'defaults',
  'nodes',
  'maxNodes',
  'logLines',
  'logBytes',
  'erlang',
]
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Turns an untrusted cluster definition (parsed JSON or YAML, or the editor's form) into a
 * ClusterSpec with every default, replica and template resolved, or lists every problem at once.
 * `cwd` stays as written (default "."): the caller resolves it against the file's folder.
 */
export function validateCluster(
  input: unknown,
  options: { fallbackName?: string } = {},
): ClusterValidation {
  const reader = new FieldReader()
  const root = reader.object(input, '', '{ name: my-cluster, nodes: [ … ] }')
  if (!root) return { ok: false, problems: reader.problems }
  reader.onlyKnownKeys(root, '', CLUSTER_FIELDS)

  const name =
    reader.string(root.name, 'name', 'Give the cluster a name, such as name: my-cluster.') ??
    options.fallbackName ??
    'cluster'
  const maxNodes =
    reader.integer(root.maxNodes, 'maxNodes', 1, MAX_NODES_CEILING) ?? DEFAULT_MAX_NODES
  const logLines = reader.integer(root.logLines, 'logLines', 10, MAX_LOG_LINES) ?? DEFAULT_LOG_LINES
  const logBytes =
    reader.size(root.logBytes, 'logBytes', 64 * 1024, MAX_LOG_BYTES) ?? DEFAULT_LOG_BYTES
  const variables = readVariables(reader, root.variables)
  const knownVariables = [...BUILTIN_TEMPLATE_VARIABLES, ...Object.keys(variables)]

  const rawDefaults = reader.object(root.defaults, 'defaults', '{ cwd: ., env: { … } }')
  const defaults = rawDefaults ? readNodeFields(reader, rawDefaults, 'defaults', 'defaults') : {}
  checkTemplates(reader, defaults, 'defaults', knownVariables)

  const entries = readEntries(reader, root.nodes, defaults.command !== undefined)
  const nodes: NodeSpec[] = []
  /** The entry path each expanded node came from, so a clash points at the right place. */
  const origins: string[] = []
  const expanded: ExpandedEntry[] = []
  for (const entry of entries) {
    const path = joinPath('nodes', entry.index)
    checkTemplates(reader, entry, path, knownVariables)
    const made = expandEntry(reader, entry, defaults, path, nodes.length, variables)
    for (const node of made) {
      nodes.push(node)
      origins.push(path)
    }
    if (entry.name !== undefined)
      expanded.push({ name: entry.name, path, dependsOn: entry.dependsOn ?? [], nodes: made })
  }

  if (nodes.length > maxNodes) {
    reader.report(
      'nodes',
      `the cluster has ${nodes.length} nodes; at most ${maxNodes} are allowed`,
      `Remove nodes, or raise the limit with maxNodes: ${nodes.length} if this machine can take it.`,
    )
  }
  checkUnique(reader, nodes, origins)
  resolveDependencies(reader, expanded)
  const erlangField = reader.object(root.erlang, 'erlang', '{ connect: true }')
  if (erlangField) reader.onlyKnownKeys(erlangField, 'erlang', ['connect'])
  const connect = checkErlangNodes(
    reader,
    nodes,
    origins,
    reader.boolean(erlangField?.connect, joinPath('erlang', 'connect')),
  )

  if (reader.problems.length > 0) return { ok: false, problems: reader.problems }
  return {
    ok: true,
    cluster: { name, logLines, logBytes, nodes, erlang: { connect } },
    warnings: hostWarnings(nodes, origins),
  }
}

function readVariables(reader: FieldReader, value: unknown): Record<string, string> {
  const variables =
    reader.stringMap(
      value,
      'variables',
      VARIABLE_NAME_PATTERN,
      'Use letters, digits and _ only, not starting with a digit.',
    ) ?? {}
  for (const builtin of BUILTIN_TEMPLATE_VARIABLES) {
    if (Object.hasOwn(variables, builtin)) {
      reader.report(
        joinPath('variables', builtin),
        `"${builtin}" is set for every node by Cluster Desk and cannot be redefined`,
        `Rename the variable, such as my_${builtin}.`,
      )
      delete variables[builtin]
    }
  }
  return variables
}

function readEntries(
  reader: FieldReader,
  value: unknown,
  defaultsHaveCommand: boolean,
): Array<PartialNode & { index: number }> {
  if (value === undefined) {
    reader.report('nodes', 'is missing', 'List the nodes to run under nodes: [ … ].')
    return []
  }
  if (!Array.isArray(value)) {
    reader.report(
      'nodes',
      'must be a list',
      'Write nodes as a list: nodes: [ { name: web, command: … } ].',
    )
    return []
  }
  if (value.length === 0) {
    reader.report('nodes', 'is empty', 'Add at least one node with a name and a command.')
  }
  const entries: Array<PartialNode & { index: number }> = []
  value.forEach((item, index) => {
    const path = joinPath('nodes', index)
    const raw = reader.object(item, path, '{ name: web, command: npm start }')
    if (!raw) return
    const node = readNodeFields(reader, raw, path, 'node')
    if (raw.command === undefined && !defaultsHaveCommand) {
      reader.report(
        joinPath(path, 'command'),
        'is missing',
        'Add the command line that starts the node.',
      )
    }
    if (node.name !== undefined) checkName(reader, node.name, joinPath(path, 'name'))
    entries.push({ ...node, index })
  })
  return entries
}

function checkName(reader: FieldReader, name: string, path: string): void {
  if (!NODE_NAME_PATTERN.test(name)) {
    const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '-')
    reader.report(
      path,
      `"${name}" has characters a node name cannot hold`,
      `Use only letters, digits, "_", "." and "-", such as "${cleaned}".`,
    )
  } else if (name.length > MAX_NODE_NAME_LENGTH) {
    reader.report(path, `is ${name.length} characters long`, `Keep it to ${MAX_NODE_NAME_LENGTH}.`)
  }
}

/** Every {{variable}} in command, cwd, env values and the health path must be known. */
function checkTemplates(reader: FieldReader, node: PartialNode, path: string, known: string[]) {
  const templated: Array<[string, string | undefined]> = [
    [joinPath(path, 'command'), node.command],
    [joinPath(path, 'cwd'), node.cwd],
    [joinPath(joinPath(path, 'health'), 'path'), node.health?.path],
    [joinPath(joinPath(path, 'erlang'), 'name'), node.erlang?.name],
    [joinPath(joinPath(path, 'erlang'), 'cookie'), node.erlang?.cookie],
    ...Object.entries(node.env ?? {}).map(([key, value]): [string, string] => [
      joinPath(joinPath(path, 'env'), key),
      value,
    ]),
  ]
  for (const [fieldPath, text] of templated) {
    if (text === undefined) continue
    for (const variable of templateVariables(text)) {
      if (known.includes(variable)) continue
      const suggestion = closestWord(variable, known)
      reader.report(
        fieldPath,
        `uses {{${variable}}}, which is not defined`,
        suggestion
          ? `Did you mean {{${suggestion}}}? Or define ${variable} under variables.`
          : `Define ${variable || 'it'} under variables, or use one of: ${known.map((k) => `{{${k}}}`).join(', ')}.`,
      )
    }
  }
}

function expandEntry(
  reader: FieldReader,
  entry: PartialNode,
  defaults: PartialNode,
  path: string,
  nodesBefore: number,
  variables: Record<string, string>,
): NodeSpec[] {
  if (entry.name === undefined || (entry.command ?? defaults.command) === undefined) {
    return []
  }
  const replicas = entry.replicas ?? 1
  const basePort = entry.port === undefined ? FIRST_DEFAULT_PORT + nodesBefore : entry.port
  if (basePort !== null && basePort + replicas - 1 > 65535) {
    reader.report(
      joinPath(path, 'replicas'),
      `${replicas} replicas from port ${basePort} would go past port 65535`,
      'Use a lower port or fewer replicas.',
    )
    return []
  }
  const host = entry.host ?? defaults.host ?? DEFAULT_HOST
  const health = resolveHealth(reader, entry, defaults, basePort, path)
  const nodes: NodeSpec[] = []
  for (let index = 1; index <= replicas; index++) {
    const name = entry.replicas === undefined ? entry.name : `${entry.name}${index}`
    const port = basePort === null ? null : basePort + index - 1
    const values = {
      ...variables,
      name,
      host,
      port: port === null ? '' : String(port),
      index: String(index),
    }
    const env = { ...defaults.env, ...entry.env }
    const command = renderTemplate((entry.command ?? defaults.command)!, values)
    const commandBytes = new TextEncoder().encode(command).length
    if (commandBytes > MAX_COMMAND_BYTES) {
      reader.report(
        joinPath(path, 'command'),
        `${name}'s command line is ${commandBytes} bytes, over the ${MAX_COMMAND_BYTES + 1}-byte limit Linux puts on one argument`,
        'Move the long part into a script and run the script, or pass data through a file or env.',
      )
      return []
    }
    nodes.push({
      name,
      command,
      cwd: renderTemplate(entry.cwd ?? defaults.cwd ?? '.', values),
      env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, renderTemplate(v, values)])),
      host,
      port,
      health:
        health.type === 'http' ? { ...health, path: renderTemplate(health.path, values) } : health,
      readiness: {
        ...DEFAULT_READINESS,
        ...defined(defaults.readiness),
        ...defined(entry.readiness),
      },
      restart: { ...DEFAULT_RESTART, ...defined(defaults.restart), ...defined(entry.restart) },
      stop: { ...DEFAULT_STOP, ...defined(defaults.stop), ...defined(entry.stop) },
      autostart: entry.autostart ?? defaults.autostart ?? true,
      erlang: resolveErlangIdentity(
        command,
        { ...defined(defaults.erlang), ...defined(entry.erlang) },
        values,
      ),
      group: entry.replicas === undefined ? null : entry.name,
      dependsOn: [], // resolved once every entry is expanded
      envFiles: entry.envFiles ?? defaults.envFiles ?? [],
      watch: resolveWatch(entry.watch ?? defaults.watch),
    })
    checkErlangHealth(reader, nodes.at(-1)!, path)
  }
  return nodes
}

function resolveHealth(
  reader: FieldReader,
  entry: PartialNode,
  defaults: PartialNode,
  port: number | null,
  path: string,
): HealthCheckSpec {
  const merged = { ...defined(defaults.health), ...defined(entry.health) }
  const type = merged.type ?? (port === null ? 'none' : 'http')
  if (type === 'none') return { type: 'none' }
  if (port === null && type !== 'erlang') {
    reader.report(
      joinPath(path, 'health'),
      `a ${type} health check needs a port, and this node has port: null`,
      'Give the node a port, or set health: none.',
    )
  }
  const timing = {
    intervalMs: merged.intervalMs ?? DEFAULT_HEALTH.intervalMs,
    timeoutMs: merged.timeoutMs ?? DEFAULT_HEALTH.timeoutMs,
    failureThreshold: merged.failureThreshold ?? DEFAULT_HEALTH.failureThreshold,
    successThreshold: merged.successThreshold ?? DEFAULT_HEALTH.successThreshold,
    onUnhealthy: merged.onUnhealthy ?? DEFAULT_HEALTH.onUnhealthy,
  }
  if (type === 'tcp') return { type, ...timing }
  if (type === 'erlang') return { type, ...timing }
  const healthPath = merged.path ?? DEFAULT_HEALTH.path
  return merged.expectStatus === undefined
    ? { type, path: healthPath, ...timing }
    : { type, path: healthPath, expectStatus: merged.expectStatus, ...timing }
}

function resolveWatch(watch: PartialNode['watch']): WatchSpec | null {
  if (!watch?.paths) return null
  return {
    paths: watch.paths,
    ignore: watch.ignore ?? [],
    debounceMs: watch.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS,
  }
}

function checkUnique(reader: FieldReader, nodes: NodeSpec[], origins: string[]) {
  const byName = new Map<string, NodeSpec>()
  const byPort = new Map<number, NodeSpec>()
  nodes.forEach((node, i) => {
    if (byName.has(node.name)) {
      reader.report(
        joinPath(origins[i]!, 'name'),
        `"${node.name}" is used by more than one node`,
        'Give every node its own name.',
      )
    }
    byName.set(node.name, node)
    if (node.port === null) return
    const other = byPort.get(node.port)
    if (other) {
      reader.report(
        joinPath(origins[i]!, 'port'),
        `${node.name} and ${other.name} both use port ${node.port}`,
        'Give every node its own port.',
      )
    }
    byPort.set(node.port, node)
  })
}

/** Drops keys whose value is undefined, so spreading a partial never erases a default. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {}
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** Nodes listening beyond loopback are allowed (a phone on the LAN may need one), but said. */
function hostWarnings(nodes: NodeSpec[], origins: string[]): ConfigProblem[] {
  return nodes.flatMap((node, i) =>
    LOOPBACK_HOST.test(node.host)
      ? []
      : [
          {
            path: joinPath(origins[i]!, 'host'),
            message: `${node.name} uses host ${node.host}, which is not this machine's loopback: it may be reachable from other machines`,
            fix: 'Use 127.0.0.1 unless other machines must reach the node.',
          },
        ],
  )
}
