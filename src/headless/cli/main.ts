import { parseArgs } from 'node:util'
import { UnsafeFolderError } from '../../engine/files/private-folder'
import type { LogStream } from '../../shared/domain/node'
import { DEFAULT_TIMEOUT_MS } from '../ws-client'
import {
  CliExit,
  connect,
  exportToFile,
  health,
  logs,
  restartOrKill,
  scale,
  startOrStop,
  status,
} from './client-commands'
import { mesh, partitionOrHeal, remoteShell } from './erlang-commands'
import { runWithCluster } from './run-with-cluster'
import { serve } from './serve'
import { colour, EXIT } from './terminal'
import { top } from './top'

const USAGE = `cluster-desk: run, watch and heal a cluster of local server nodes

Host:
  cluster-desk serve [--config FILE] [--port N] [--host H] [--new-token]
                                      the engine, web UI and API; the token is kept across
                                      restarts (open pages reconnect), --new-token renews it
  cluster-desk up    [same as serve]  serve and start the cluster
  cluster-desk run   [--config FILE] [--timeout S] [--wait mesh] -- CMD…
                     start, wait until healthy (and, with --wait mesh, the Erlang nodes joined),
                     run CMD, stop

Client (talks to a running host or desktop app; --url URL [--token T] to choose one;
gives up after --timeout S seconds of silence from it, 10 by default):
  cluster-desk status [--json]
  cluster-desk top [--once]           each node's CPU, memory, processes and open files, live
  cluster-desk health [--json]
  cluster-desk start [NODE…] [--no-deps]
                                      the whole cluster without names; a node with what it
                                      depends on, unless --no-deps
  cluster-desk scale GROUP N          a replica group to N replicas, until the host stops
  cluster-desk stop [NODE…]
  cluster-desk restart NODE
  cluster-desk kill NODE              SIGKILL, handled as a crash
  cluster-desk logs NODE [--follow] [--stream stdout|stderr|system] [--lines N]
  cluster-desk export NODE FILE [--format text|jsonl] [--ansi keep|strip] [--force]

Erlang nodes (started with --name or --sname):
  cluster-desk mesh [--json]          who sees whom, each VM's figures, epmd's names
  cluster-desk partition NODE         cut NODE off the others, as a netsplit would
  cluster-desk heal [NODE]            join it (or every partitioned node) again
  cluster-desk remsh NODE             a remote shell on NODE (iex, or erl), in this terminal

Without --config the Demo cluster runs: three demo nodes on ports 4001-4003.
Exit codes: 0 ok, 1 failed, 2 bad usage / unknown node / bad config, 3 no running host.`

const COMMON = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`--${name} must be a whole number, got "${value}"`)
    throw new CliExit(EXIT.usage)
  }
  return parsed
}

/** scale's N: a whole number of replicas. */
function replicaCount(value: string): number {
  const parsed = Number(value)
  if (Number.isInteger(parsed) && parsed >= 0) return parsed
  console.error(`scale: N must be a whole number of replicas, got "${value}"`)
  throw new CliExit(EXIT.usage)
}

/** A positive number of seconds, such as 10 or 0.5. */
function seconds(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 24 * 3600) {
    console.error(`--${name} must be a number of seconds above 0, got "${value}"`)
    throw new CliExit(EXIT.usage)
  }
  return parsed
}

function oneOf<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback
  if ((choices as readonly string[]).includes(value)) return value as T
  console.error(`--${name} must be one of ${choices.join(', ')}, got "${value}"`)
  throw new CliExit(EXIT.usage)
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    console.log(USAGE)
    return verb ? EXIT.ok : EXIT.usage
  }
  if (verb === 'serve' || verb === 'up') {
    const { values } = parseArgs({
      args: rest,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'new-token': { type: 'boolean' },
      },
    })
    return serve({
      config: values.config,
      port: number(values.port, 'port', 0),
      host: values.host,
      startCluster: verb === 'up',
      newToken: values['new-token'],
    })
  }
  if (verb === 'run') {
    const separator = rest.indexOf('--')
    const own = separator < 0 ? rest : rest.slice(0, separator)
    const command = separator < 0 ? [] : rest.slice(separator + 1)
    const { values } = parseArgs({
      args: own,
      options: {
        config: { type: 'string' },
        timeout: { type: 'string' },
        wait: { type: 'string' },
      },
    })
    if (command.length === 0) {
      console.error('run needs a command after --, such as: cluster-desk run -- npm test')
      return EXIT.usage
    }
    return runWithCluster({
      config: values.config,
      timeoutSeconds: number(values.timeout, 'timeout', 120),
      waitForMesh: oneOf(values.wait, 'wait', ['healthy', 'mesh'] as const, 'healthy') === 'mesh',
      command,
    })
  }

  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...COMMON,
      follow: { type: 'boolean', short: 'f', default: false },
      stream: { type: 'string' },
      lines: { type: 'string' },
      format: { type: 'string' },
      ansi: { type: 'string' },
      force: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'no-deps': { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
    },
  })
  const needs = (count: number, shape: string) => {
    if (positionals.length !== count) {
      console.error(`usage: cluster-desk ${verb} ${shape}`)
      throw new CliExit(EXIT.usage)
    }
  }
  const known = [
    'status',
    'health',
    'start',
    'stop',
    'restart',
    'kill',
    'logs',
    'export',
    'mesh',
    'partition',
    'heal',
    'remsh',
    'scale',
    'top',
  ]
  if (!known.includes(verb)) {
    console.error(`unknown command "${verb}"\n\n${USAGE}`)
    return EXIT.usage
  }
  if (['restart', 'kill', 'logs', 'partition', 'remsh'].includes(verb)) needs(1, 'NODE')
  if (verb === 'heal' && positionals.length > 1) needs(1, '[NODE]')
  if (verb === 'export') needs(2, 'NODE FILE')
  if (verb === 'scale') needs(2, 'GROUP N')
  const timeoutMs = seconds(values.timeout, 'timeout', DEFAULT_TIMEOUT_MS / 1000) * 1000
  const connection = await connect(values.url, values.token, timeoutMs)
  const { api } = connection
  // A host that goes silent or away mid-command ends the command with a sentence, not a hang.
  const lost = connection.lost.then((reason) => {
    console.error(colour.red(`${reason}.`))
    console.error(
      '  fix: check that Cluster Desk is still running (its terminal, or the app), then try again.',
    )
    throw new CliExit(EXIT.noHost)
  })
  try {
    return await Promise.race([lost, runVerb()])
  } finally {
    connection.close()
  }

  async function runVerb(): Promise<number> {
    switch (verb) {
      case 'status':
        return await status(api, values.json)
      case 'health':
        return await health(api, values.json)
      case 'start':
      case 'stop':
        return await startOrStop(api, verb, positionals, !values['no-deps'])
      case 'scale':
        return await scale(api, positionals[0]!, replicaCount(positionals[1]!))
      case 'restart':
      case 'kill':
        return await restartOrKill(api, verb, positionals[0]!)
      case 'mesh':
        return await mesh(api, values.json)
      case 'partition':
      case 'heal':
        return await partitionOrHeal(api, verb, positionals[0])
      case 'remsh':
        return await remoteShell(api, positionals[0]!)
      case 'top':
        return await top(api, values.once)
      case 'logs':
        return await logs(connection, positionals[0]!, {
          follow: values.follow,
          stream:
            values.stream === undefined
              ? undefined
              : oneOf<LogStream>(values.stream, 'stream', ['stdout', 'stderr', 'system'], 'stdout'),
          lines: number(values.lines, 'lines', 100),
        })
      default:
        return await exportToFile(connection, positionals[0]!, positionals[1]!, {
          format: oneOf(values.format, 'format', ['text', 'jsonl'] as const, 'text'),
          ansi: oneOf(values.ansi, 'ansi', ['keep', 'strip'] as const, 'strip'),
          force: values.force,
          timeoutMs,
        })
    }
  }
}

// A reader that went away (`cluster-desk up | head`, a closed terminal) must not crash the
// host halfway through stopping its nodes: what cannot be printed is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

// Exit explicitly once a command is done: a host that was shut down must not be kept alive by
// a handle someone forgot. Writes to pipes, files and terminals are synchronous on Linux.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliExit) process.exit(error.code)
    if (error instanceof UnsafeFolderError) {
      console.error(colour.red(error.message))
      console.error(`  fix: ${error.fix}`)
      process.exit(EXIT.usage)
    }
    const message = error instanceof Error ? error.message : String(error)
    const usageError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    console.error(colour.red(usageError ? `${message}\n\n${USAGE}` : `cluster-desk: ${message}`))
    process.exit(usageError ? EXIT.usage : EXIT.failed)
  },
)
