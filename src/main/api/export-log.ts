import { stripAnsi } from '../../shared/ansi'
import { describeExit } from '../../shared/domain/describe-exit'
import { isoOrNull } from '../../shared/domain/iso-time'
import type { LogLine } from '../../shared/domain/logs'
import type { NodeSnapshot, NodeSpec } from '../../shared/domain/node'
import type { ExportedLog, ExportFormat } from '../../shared/ipc/contract'

const SECRET_KEY = /SECRET|TOKEN|PASSWORD|KEY|COOKIE/i

/** The node's environment with the value of every secret-looking key replaced. */
export function redactedEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : v]),
  )
}

export interface ExportedNode {
  spec: NodeSpec
  snapshot: NodeSnapshot
  lines: LogLine[]
}

/** What a bug report needs to know about a node, secrets redacted. */
function headerOf(cluster: string, { spec, snapshot, lines }: ExportedNode) {
  return {
    cluster,
    node: spec.name,
    command: spec.command,
    cwd: spec.cwd,
    host: spec.host,
    port: spec.port,
    env: redactedEnv(spec.env),
    state: snapshot.state,
    startedAt: isoOrNull(snapshot.startedAt),
    lastExit: snapshot.lastExit
      ? {
          ...snapshot.lastExit,
          at: isoOrNull(snapshot.lastExit.at),
          words: describeExit(snapshot.lastExit.code, snapshot.lastExit.signal),
        }
      : null,
    restarts: snapshot.restarts,
    lines: lines.length,
  }
}

function headerText(header: ReturnType<typeof headerOf>): string[] {
  const env = Object.entries(header.env).map(([k, v]) => `${k}=${v}`)
  return [
    `# node:      ${header.node}`,
    `# command:   ${header.command}`,
    `# cwd:       ${header.cwd}`,
    `# address:   ${header.host}${header.port === null ? '' : `:${header.port}`}`,
    `# env:       ${env.join(' ') || '(none)'}`,
    `# state:     ${header.state}`,
    `# started:   ${header.startedAt ?? 'never'}`,
    `# last exit: ${header.lastExit ? `${header.lastExit.words} at ${header.lastExit.at}` : 'none'}`,
    `# restarts:  ${header.restarts}`,
  ]
}

/**
 * Buffered logs as a file: plain text with a header a bug report can use (node, command, cwd,
 * port, environment with secrets redacted, start and exit, restarts), or JSON Lines with the
 * headers first. Several nodes give one header each and their lines merged by time, each
 * prefixed (text) or tagged (JSON) with its node.
 */
export function exportLog(options: {
  cluster: string
  nodes: ExportedNode[]
  format: ExportFormat
  ansi: 'keep' | 'strip'
  now?: Date
}): ExportedLog {
  const { cluster, nodes, format, ansi } = options
  const now = options.now ?? new Date()
  const clean = (text: string) => (ansi === 'strip' ? stripAnsi(text) : text)
  const several = nodes.length > 1
  const lines = nodes
    .flatMap(({ spec, lines: nodeLines }) =>
      nodeLines.map((line) => ({ ...line, node: spec.name })),
    )
    .sort((a, b) => a.time - b.time || (a.node === b.node ? a.seq - b.seq : 0))
  const headers = nodes.map((node) => headerOf(cluster, node))
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const subject = several ? 'all-nodes' : (nodes[0]?.spec.name ?? 'none')
  const base = `${cluster}-${subject}-${stamp}`.replace(/[^A-Za-z0-9_.-]+/g, '-')
  const exportedAt = now.toISOString()

  if (format === 'jsonl') {
    const rows = [
      ...headers.map((header) => JSON.stringify({ type: 'header', ...header, exportedAt })),
      ...lines.map(({ node, ...line }) =>
        JSON.stringify({
          ...(several ? { node } : {}),
          ...line,
          time: isoOrNull(line.time),
          text: clean(line.text),
        }),
      ),
    ]
    return { fileName: `${base}.jsonl`, content: `${rows.join('\n')}\n`, lines: lines.length }
  }
  const top = [
    '# Cluster Desk log export',
    `# cluster:   ${cluster}`,
    `# exported:  ${exportedAt} (${lines.length} lines)`,
  ]
  const body = lines.map(
    (line) =>
      `${new Date(line.time).toISOString()} ${several ? `${line.node} ` : ''}${line.stream.padEnd(6)} ${clean(line.text)}`,
  )
  const sections = headers.flatMap((header) => ['#', ...headerText(header)])
  return {
    fileName: `${base}.log`,
    content: `${[...top, ...sections, '', ...body].join('\n')}\n`,
    lines: lines.length,
  }
}
