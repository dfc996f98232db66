import { formatDuration } from '../cluster/durations'
import type { ExitInfo } from './node'

const SIGNAL_WORDS: Record<string, string> = {
  SIGKILL: 'killed by SIGKILL',
  SIGTERM: 'terminated by SIGTERM',
  SIGINT: 'interrupted by SIGINT',
  SIGSEGV: 'crashed with a segmentation fault (SIGSEGV)',
  SIGABRT: 'aborted (SIGABRT)',
  SIGBUS: 'crashed with a bus error (SIGBUS)',
  SIGHUP: 'hung up (SIGHUP)',
}

/** Linux signal numbers, for exit codes a shell reports as 128 + N. */
const SIGNAL_NUMBERS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
}

/** "exit code 1", "killed by SIGKILL": how an exit reads to a person. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return SIGNAL_WORDS[signal] ?? `stopped by signal ${signal}`
  if (code === null) return 'ended for an unknown reason'
  const name = code > 128 ? SIGNAL_NUMBERS[code - 128] : undefined
  if (name) return `exit code ${code} (${SIGNAL_WORDS[name] ?? name})`
  return `exit code ${code}`
}

/**
 * How the last exit reads on a card or in `status`: a stop Cluster Desk made is "stopped"
 * (or "killed after 5 s: did not stop on SIGTERM"), anything else as describeExit says.
 */
export function describeLastExit(exit: ExitInfo): string {
  if (!exit.stop) return describeExit(exit.code, exit.signal)
  const { forced, signal, killTimeoutMs } = exit.stop
  return forced
    ? `killed after ${formatDuration(killTimeoutMs)}: did not stop on ${signal}`
    : 'stopped'
}
