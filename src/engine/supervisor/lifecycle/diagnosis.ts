import { formatDuration } from '../../../shared/cluster/durations'
import { formatBytes } from '../../../shared/cluster/sizes'
import { describeExit } from '../../../shared/domain/describe-exit'
import type { Diagnosis, ExitInfo, NodeSpec, ProbeResult } from '../../../shared/domain/node'
import { erlangStartFailure } from '../../erlang/erlang-diagnosis'
import type { PortOwner } from '../process/port-owner'
import { nodeEnvironment } from './spawn-node'

export const DIAGNOSIS_LINES = 20

/** A run's last lines as they explain a failure: its stderr when it wrote any, else all. */
export function explainingLines(tails: { stderr: string[]; output: string[] }): string[] {
  return tails.stderr.length > 0 ? tails.stderr : tails.output
}

/** Exit codes the shell uses when it could not run the command at all. */
export function isShellLaunchFailure(exit: ExitInfo): boolean {
  return exit.signal === null && (exit.code === 126 || exit.code === 127)
}

/** What a start failure is: only some are worth retrying with backoff. */
export function isRecoverable(diagnosis: Diagnosis): boolean {
  return diagnosis.code === 'exited-during-start'
}

export function portInUse(spec: NodeSpec, owner: PortOwner | undefined): Diagnosis {
  const port = spec.port
  return {
    code: 'port-in-use',
    problem: owner
      ? `Port ${port} is already in use by pid ${owner.pid} (${owner.command}).`
      : `Port ${port} on ${spec.host} is already in use by another process.`,
    fix: owner
      ? `Stop that process (kill ${owner.pid}), or give ${spec.name} another port.`
      : `Find it with "ss -ltnp | grep :${port}" and stop it, or give ${spec.name} another port.`,
  }
}

export function cwdMissing(spec: NodeSpec, why: 'missing' | 'not-a-folder'): Diagnosis {
  return {
    code: 'cwd-missing',
    problem:
      why === 'missing'
        ? `The working folder ${spec.cwd} does not exist.`
        : `The working folder ${spec.cwd} is a file, not a folder.`,
    fix: `Create it, or set cwd of ${spec.name} to the folder of your project.`,
  }
}

/**
 * The system would not start the node's process at all. E2BIG is the one a cluster file can
 * cause: Linux takes at most 128 KiB per argument or environment value and about 2 MiB of
 * both together, so the sizes are named.
 */
export function spawnFailed(
  spec: NodeSpec,
  baseEnv: NodeJS.ProcessEnv,
  code: string | undefined,
  message: string | undefined,
): Diagnosis {
  if (code === 'E2BIG') {
    const env = nodeEnvironment(spec, baseEnv)
    const sizes = Object.entries(env).map(([key, value]) => Buffer.byteLength(`${key}=${value}`))
    const total = sizes.reduce((sum, size) => sum + size, 0) + Buffer.byteLength(spec.command)
    const [largestKey, largestValue] = Object.entries(env).reduce(
      (best, entry) => (entry[1].length > best[1].length ? entry : best),
      ['', ''],
    )
    return {
      code: 'spawn-failed',
      problem: `${spec.name} could not be started: the system refused its command line and environment as too large (E2BIG): ${formatBytes(total)} in all, the command line ${Buffer.byteLength(spec.command)} bytes, the largest variable (${largestKey}) ${Buffer.byteLength(largestValue)} bytes.`,
      fix: 'Linux takes at most 128 KiB per value and about 2 MiB in all: move large values into a file the node reads, and pass its path instead.',
    }
  }
  return {
    code: 'spawn-failed',
    problem: `${spec.name} could not be started: ${message ?? code ?? 'the system refused'}.`,
    fix: 'Check that the shell /bin/sh exists and that this machine can start more processes.',
  }
}

const NOT_FOUND = /(?:command )?not found|No such file or directory/i
const PERMISSION_DENIED = /Permission denied|EACCES/i

/**
 * Why a node's process ended before it became ready, from its exit and its last output.
 * The shell reports a missing command as exit 127 and a file it may not run as 126.
 */
export function exitedDuringStart(
  spec: NodeSpec,
  exit: ExitInfo,
  stderrTail: string[],
  outputTail: string[],
): Diagnosis {
  const lastLines = explainingLines({ stderr: stderrTail, output: outputTail })
  const erlang = erlangStartFailure(spec, outputTail, lastLines)
  if (erlang) return erlang
  const command = spec.command.split(/\s+/)[0] ?? spec.command
  if (
    exit.code === 127 ||
    (exit.code !== 0 && stderrTail.some((l) => NOT_FOUND.test(l) && l.includes(command)))
  ) {
    return {
      code: 'command-not-found',
      problem: `The command "${command}" was not found.`,
      fix: `Install it or put it on PATH, or write its full path in the command of ${spec.name}.`,
      lastLines,
    }
  }
  if (exit.code === 126 || stderrTail.some((line) => PERMISSION_DENIED.test(line))) {
    return {
      code: 'permission-denied',
      problem: `Permission was denied when starting ${spec.name}.`,
      fix: `Make the program executable (chmod +x) and readable by this user, or run it through its interpreter.`,
      lastLines,
    }
  }
  return {
    code: 'exited-during-start',
    problem: `${spec.name} ended before it was ready: ${describeExit(exit.code, exit.signal)}.`,
    fix: 'Its last lines show the cause: fix that, then start the node again.',
    lastLines,
  }
}

export function neverReady(
  spec: NodeSpec,
  seen: { logLine: boolean; port: boolean },
  lastProbe: ProbeResult | undefined,
  tails: { stderr: string[]; output: string[] },
): Diagnosis {
  const waited = formatDuration(spec.readiness.timeoutMs)
  // Stderr first: a node's heartbeats explain nothing; without its line, all it printed does.
  const lastLines = explainingLines(tails)
  const { logLine } = spec.readiness
  if (logLine !== null && !seen.logLine) {
    return {
      code: 'never-ready',
      problem: `${spec.name} printed no line matching /${logLine}/ within ${waited}.`,
      fix: 'Check readiness.logLine against its output below (it is a regular expression: escape dots and brackets), or raise readiness.timeout.',
      lastLines: tails.output,
    }
  }
  if (seen.port && lastProbe?.status !== undefined && spec.health.type === 'http') {
    return {
      code: 'health-wrong-status',
      problem: `${spec.name} listens on port ${spec.port}, but GET ${spec.health.path} answered ${lastProbe.status} for ${waited}.`,
      fix:
        lastProbe.status === 404
          ? `Add a ${spec.health.path} route that answers 200, or set health.path to one the node has.`
          : `Make ${spec.health.path} answer ${spec.health.expectStatus ?? '2xx'} once the node is up, or change health.expectStatus.`,
      lastLines,
    }
  }
  if (spec.port === null) {
    return {
      code: 'never-ready',
      problem: `${spec.name} did not answer its health check within ${waited}${lastProbe?.error ? ` (${lastProbe.error})` : ''}.`,
      fix: 'Check that it started distribution under the name its command gives, or raise readiness.timeout.',
      lastLines,
    }
  }
  return {
    code: 'never-ready',
    problem: seen.port
      ? `${spec.name} listens on port ${spec.port} but its health check did not pass within ${waited}${lastProbe?.error ? ` (${lastProbe.error})` : ''}.`
      : `${spec.name} did not open port ${spec.port} on ${spec.host} within ${waited}.`,
    fix: seen.port
      ? 'Check that the health endpoint answers quickly, or raise health.timeout.'
      : `Is PORT honoured? The node must listen on ${spec.host}:${spec.port} (it gets PORT=${spec.port}); if it just starts slowly, raise readiness.timeout.`,
    lastLines,
  }
}

/** Its health check failed `failureThreshold` times in a row, and restarting it was used up. */
export function unhealthyGivenUp(spec: NodeSpec, restarts: number, probe: ProbeResult): Diagnosis {
  const why = probe.error ?? (probe.status === undefined ? 'no answer' : `status ${probe.status}`)
  return {
    code: 'restarts-exhausted',
    problem:
      spec.restart.policy === 'never'
        ? `${spec.name} turned unhealthy (${why}), and its restart policy is never.`
        : `${spec.name} turned unhealthy (${why}) and was restarted ${restarts} times; it was given up.`,
    fix: 'Its last lines and health timeline show why the check fails: fix that, then start it again.',
  }
}

export function restartsExhausted(
  spec: NodeSpec,
  restarts: number,
  exit: ExitInfo,
  lastLines: string[],
): Diagnosis {
  return {
    code: 'restarts-exhausted',
    problem: `${spec.name} crashed ${restarts + 1} times in a row and was given up: last ${describeExit(exit.code, exit.signal)}.`,
    fix: 'Its last lines show the cause: fix that, then start the node again.',
    lastLines,
  }
}

export function exitedWithError(spec: NodeSpec, exit: ExitInfo, lastLines: string[]): Diagnosis {
  return {
    code: 'exited-with-error',
    problem: `${spec.name} ended with ${describeExit(exit.code, exit.signal)} and its restart policy is never.`,
    fix: 'Its last lines show the cause: fix that and start it again, or set restart: on-failure.',
    lastLines,
  }
}

export function stopIncomplete(
  spec: NodeSpec,
  survivors: Array<{ pid: number; command: string }>,
  portOwner: PortOwner | undefined,
): Diagnosis {
  const alive = survivors.map((s) => `pid ${s.pid} (${s.command})`).join(', ')
  const problem =
    survivors.length > 0
      ? `${spec.name} could not be stopped: ${alive} still alive after SIGKILL.`
      : `${spec.name} stopped, but port ${spec.port} is still held${portOwner ? ` by pid ${portOwner.pid} (${portOwner.command})` : ''}.`
  return {
    code: 'stop-incomplete',
    problem,
    fix:
      survivors.length > 0
        ? 'A process stuck in the kernel (state D) cannot be killed until its I/O ends; check it with ps, then stop again.'
        : 'Stop the process holding the port, then start the node again.',
  }
}
