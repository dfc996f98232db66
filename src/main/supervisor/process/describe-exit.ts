import { constants } from 'node:os'

const SIGNAL_WORDS: Record<string, string> = {
  SIGKILL: 'killed by SIGKILL',
  SIGTERM: 'terminated by SIGTERM',
  SIGINT: 'interrupted by SIGINT',
  SIGSEGV: 'crashed with a segmentation fault (SIGSEGV)',
  SIGABRT: 'aborted (SIGABRT)',
  SIGBUS: 'crashed with a bus error (SIGBUS)',
  SIGHUP: 'hung up (SIGHUP)',
}

/** "exit code 1", "killed by SIGKILL": how an exit reads to a person. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return SIGNAL_WORDS[signal] ?? `stopped by signal ${signal}`
  if (code === null) return 'ended for an unknown reason'
  // A shell reports a child killed by signal N as exit code 128 + N.
  if (code > 128 && code < 128 + 65) {
    const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0]
    if (name) return `exit code ${code} (${SIGNAL_WORDS[name] ?? name})`
  }
  return `exit code ${code}`
}
