import { stripAnsi } from '../../shared/ansi'
import { describeExit } from '../../shared/domain/describe-exit'
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

/**
 * A node's buffered log as a file: plain text with a header a bug report can use (node,
 * command, cwd, port, environment with secrets redacted, start and exit, restarts), or JSON
 * Lines, one object per line with the header as the first.
 */
export function exportLog(options: {
  cluster: string
  spec: NodeSpec
  snapshot: NodeSnapshot
  lines: LogLine[]
  format: ExportFormat
  ansi: 'keep' | 'strip'
  now?: Date
}): ExportedLog {
  const { spec, snapshot, lines, format, ansi, cluster } = options
  const now = options.now ?? new Date()
  const clean = (text: string) => (ansi === 'strip' ? stripAnsi(text) : text)
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const header = {
    cluster,
    node: spec.name,
    command: spec.command,
    cwd: spec.cwd,
    host: spec.host,
    port: spec.port,
    env: redactedEnv(spec.env),
    state: snapshot.state,
    startedAt: iso(snapshot.startedAt),
    lastExit: snapshot.lastExit
      ? {
          ...snapshot.lastExit,
          at: iso(snapshot.lastExit.at),
          words: describeExit(snapshot.lastExit.code, snapshot.lastExit.signal),
        }
      : null,
    restarts: snapshot.restarts,
    exportedAt: now.toISOString(),
    lines: lines.length,
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const base = `${cluster}-${spec.name}-${stamp}`.replace(/[^A-Za-z0-9_.-]+/g, '-')
  if (format === 'jsonl') {
    const rows = [
      JSON.stringify({ type: 'header', ...header }),
      ...lines.map((line) =>
        JSON.stringify({ ...line, time: iso(line.time), text: clean(line.text) }),
      ),
    ]
    return { fileName: `${base}.jsonl`, content: `${rows.join('\n')}\n`, lines: lines.length }
  }
  const headerText = [
    `# Cluster Desk log export`,
    `# cluster:   ${header.cluster}`,
    `# node:      ${header.node}`,
    `# command:   ${header.command}`,
    `# cwd:       ${header.cwd}`,
    `# address:   ${header.host}${header.port === null ? '' : `:${header.port}`}`,
    `# env:       ${
      Object.entries(header.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none)'
    }`,
    `# state:     ${header.state}`,
    `# started:   ${header.startedAt ?? 'never'}`,
    `# last exit: ${header.lastExit ? `${header.lastExit.words} at ${header.lastExit.at}` : 'none'}`,
    `# restarts:  ${header.restarts}`,
    `# exported:  ${header.exportedAt} (${lines.length} lines)`,
    '',
  ]
  const body = lines.map(
    (line) => `${new Date(line.time).toISOString()} ${line.stream.padEnd(6)} ${clean(line.text)}`,
  )
  return {
    fileName: `${base}.log`,
    content: `${[...headerText, ...body].join('\n')}\n`,
    lines: lines.length,
  }
}
