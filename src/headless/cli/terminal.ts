import { stripAnsi, terminalSafe } from '../../shared/ansi'
import { formatDuration } from '../../shared/cluster/durations'
import { describePending } from '../../shared/domain/describe-dependency'
import { describeLastExit } from '../../shared/domain/describe-exit'
import type { HealthStatus, NodeSnapshot, NodeState } from '../../shared/domain/node'

export const EXIT = { ok: 0, failed: 1, usage: 2, noHost: 3 } as const

export const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
const paint = (code: string) => (text: string) =>
  useColour ? `\u001b[${code}m${text}\u001b[0m` : text
export const colour = {
  red: paint('31'),
  green: paint('32'),
  yellow: paint('33'),
  blue: paint('34'),
  dim: paint('2'),
  bold: paint('1'),
}

/**
 * Text that came from outside (a node's output, a command line read from /proc) made fit for
 * `stream`: on a terminal only colours survive, every other escape sequence and control
 * character is shown as a placeholder; a pipe or a file gets plain text.
 */
export function outsideText(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!stream.isTTY) return stripAnsi(text)
  const safe = terminalSafe(text)
  return useColour ? safe : stripAnsi(safe)
}

const STATE_COLOUR: Partial<Record<NodeState | HealthStatus, (text: string) => string>> = {
  running: colour.green,
  healthy: colour.green,
  starting: colour.yellow,
  stopping: colour.yellow,
  backoff: colour.yellow,
  waiting: colour.yellow,
  completed: colour.green,
  unhealthy: colour.red,
  failed: colour.red,
  crashed: colour.red,
}

export function stateText(state: NodeState | HealthStatus): string {
  return (STATE_COLOUR[state] ?? colour.dim)(state)
}

/** Columns padded to their widest cell; colour codes do not count towards width. */
export function table(rows: string[][]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: measuring without colour codes
  const width = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => width(row[column] ?? ''))),
  )
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell)),
        )
        .join('  '),
    )
    .join('\n')
}

export function nodeRow(node: NodeSnapshot, now = Date.now()): string[] {
  const uptime =
    node.state === 'running' && node.startedAt ? formatDuration(now - node.startedAt) : '-'
  const backoff =
    node.state === 'backoff' && node.nextRestartAt
      ? ` (restart in ${formatDuration(Math.max(0, node.nextRestartAt - now))})`
      : ''
  const waiting = node.state === 'waiting' ? ` for ${describePending(node.waitingFor)}` : ''
  return [
    colour.bold(node.name),
    stateText(node.state) + backoff + waiting,
    node.state === 'running' ? stateText(node.health) : '-',
    node.pid === null ? '-' : String(node.pid),
    node.port === null ? '-' : String(node.port),
    String(node.restarts),
    uptime,
    node.lastExit ? describeLastExit(node.lastExit) : '-',
  ]
}

export const NODE_HEADER = [
  'NODE',
  'STATE',
  'HEALTH',
  'PID',
  'PORT',
  'RESTARTS',
  'UPTIME',
  'LAST EXIT',
]

export function printDiagnosis(node: NodeSnapshot): void {
  if (!node.diagnosis) return
  const safe = (text: string) => outsideText(text, process.stderr)
  console.error(`${colour.red(`${node.name}:`)} ${safe(node.diagnosis.problem)}`)
  console.error(`  ${colour.bold('fix:')} ${safe(node.diagnosis.fix)}`)
  for (const line of node.diagnosis.lastLines ?? [])
    console.error(`  ${colour.dim('|')} ${safe(line)}`)
}
