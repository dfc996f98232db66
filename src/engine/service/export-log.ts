import { stripAnsi } from '../../shared/ansi'
import { describeLastExit } from '../../shared/domain/describe-exit'
import { isoOrNull } from '../../shared/domain/iso-time'
import type { LogLine } from '../../shared/domain/logs'
import type { NodeSnapshot, NodeSpec } from '../../shared/domain/node'
import type { ExportFormat } from '../../shared/ipc/contract'
import { lineRedactor, redactNodeSpec } from './redact'

/** One node's part of an export: what it is, and its lines oldest first. */
export interface ExportSource {
  spec: NodeSpec
  snapshot: NodeSnapshot
  /** Read lazily, a page at a time, so the export never holds the whole log. */
  lines: Iterable<LogLine>
  /** How many lines `lines` holds, for the header. */
  count: number
  /** What the node gets from its env files: secret values hidden wherever a line repeats them. */
  fileEnv?: Record<string, string>
}

export interface ExportOptions {
  cluster: string
  nodes: ExportSource[]
  format: ExportFormat
  ansi: 'keep' | 'strip'
  now?: Date
}

/** An export ready to be written: its name, its size in lines and its text in pieces. */
export interface RenderedExport {
  fileName: string
  lines: number
  chunks(): Generator<string>
}

/** Text pieces of about this size are handed to the writer: small enough to stay cheap. */
const CHUNK_CHARS = 64 * 1024

/** What a bug report needs to know about a node, with every secret redacted. */
function headerOf(cluster: string, { spec, snapshot, count }: ExportSource) {
  const shown = redactNodeSpec(spec)
  return {
    cluster,
    node: spec.name,
    command: shown.command,
    cwd: spec.cwd,
    host: spec.host,
    port: spec.port,
    env: shown.env,
    envFiles: spec.envFiles,
    state: snapshot.state,
    startedAt: isoOrNull(snapshot.startedAt),
    lastExit: snapshot.lastExit
      ? {
          ...snapshot.lastExit,
          at: isoOrNull(snapshot.lastExit.at),
          words: describeLastExit(snapshot.lastExit),
        }
      : null,
    restarts: snapshot.restarts,
    lines: count,
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
    ...(header.envFiles.length > 0
      ? [`# env files: ${header.envFiles.join(' ')} (their values are not shown)`]
      : []),
    `# state:     ${header.state}`,
    `# started:   ${header.startedAt ?? 'never'}`,
    `# last exit: ${header.lastExit ? `${header.lastExit.words} at ${header.lastExit.at}` : 'none'}`,
    `# restarts:  ${header.restarts}`,
  ]
}

/**
 * The lines of several nodes merged by time (ties: the node listed first, then arrival),
 * each tagged with the index of its node. One line of each node is held at a time.
 */
function* mergedByTime(sources: ExportSource[]): Generator<LogLine & { from: number }> {
  const cursors = sources.map((source) => source.lines[Symbol.iterator]())
  const heads = cursors.map((cursor) => cursor.next())
  for (;;) {
    let next = -1
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!
      if (head.done) continue
      if (next === -1 || head.value.time < (heads[next]!.value as LogLine).time) next = i
    }
    if (next === -1) return
    yield { ...(heads[next]!.value as LogLine), from: next }
    heads[next] = cursors[next]!.next()
  }
}

/**
 * Buffered logs as a file: plain text with a header a bug report can use (node, command, cwd,
 * port, environment, start and exit, restarts), or JSON Lines with the headers first. Several
 * nodes give one header each and their lines merged by time, each prefixed (text) or tagged
 * (JSON) with its node. Secrets are redacted everywhere: in the header, and in every line
 * that repeats one of the node's secret values or shows a password, cookie or secret
 * assignment. The text comes in pieces, so a log of any size is written without being held.
 */
export function renderExport(options: ExportOptions): RenderedExport {
  const { cluster, nodes, format, ansi } = options
  const now = options.now ?? new Date()
  const several = nodes.length > 1
  const lines = nodes.reduce((sum, node) => sum + node.count, 0)
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const subject = several ? 'all-nodes' : (nodes[0]?.spec.name ?? 'none')
  const base = `${cluster}-${subject}-${stamp}`.replace(/[^A-Za-z0-9_.-]+/g, '-')
  const exportedAt = now.toISOString()
  const redactors = nodes.map((node) => lineRedactor(node.spec, node.fileEnv))
  const textOf = (line: LogLine & { from: number }) => {
    const redacted = redactors[line.from]!(line.text)
    return ansi === 'strip' ? stripAnsi(redacted) : redacted
  }

  function* rows(): Generator<string> {
    const headers = nodes.map((node) => headerOf(cluster, node))
    if (format === 'jsonl') {
      for (const header of headers) yield JSON.stringify({ type: 'header', ...header, exportedAt })
      for (const line of mergedByTime(nodes)) {
        const { from, ...fields } = line
        yield JSON.stringify({
          ...(several ? { node: nodes[from]!.spec.name } : {}),
          ...fields,
          time: isoOrNull(line.time),
          text: textOf(line),
        })
      }
      return
    }
    yield '# Cluster Desk log export'
    yield `# cluster:   ${cluster}`
    yield `# exported:  ${exportedAt} (${lines} lines)`
    for (const header of headers) yield* ['#', ...headerText(header)]
    yield ''
    for (const line of mergedByTime(nodes)) {
      const node = several ? `${nodes[line.from]!.spec.name} ` : ''
      yield `${new Date(line.time).toISOString()} ${node}${line.stream.padEnd(6)} ${textOf(line)}`
    }
  }

  return {
    fileName: `${base}.${format === 'jsonl' ? 'jsonl' : 'log'}`,
    lines,
    *chunks() {
      let pending = ''
      for (const row of rows()) {
        pending += `${row}\n`
        if (pending.length >= CHUNK_CHARS) {
          yield pending
          pending = ''
        }
      }
      if (pending) yield pending
    },
  }
}
