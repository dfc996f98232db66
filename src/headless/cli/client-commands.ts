import { statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomicFrom } from '../../engine/files/write-file-atomic'
import { readRuntimeFile } from '../../engine/host/runtime-file'
import type { ClusterSnapshot } from '../../shared/domain/cluster'
import { countNodes } from '../../shared/domain/count-nodes'
import { isoOrNull } from '../../shared/domain/iso-time'
import type { LogLine } from '../../shared/domain/logs'
import type { LogStream, NodeSnapshot } from '../../shared/domain/node'
import type { ClusterApi, ExportFormat } from '../../shared/ipc/contract'
import type { IpcResult } from '../../shared/ipc/result'
import { EXPORT_PATH } from '../../shared/ipc/ws-protocol'
import { connectToHost, type HostConnection } from '../ws-client'
import {
  colour,
  EXIT,
  NODE_HEADER,
  nodeRow,
  outsideText,
  printDiagnosis,
  stateText,
  table,
} from './terminal'

/** Raised to end a command with an exit code after its message is printed. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`)
  }
}

/**
 * Finds the running host: --url (the address `serve` printed, its #token=… read here and sent
 * only as a bearer header; or --token), else the runtime file.
 */
export async function connect(
  url: string | undefined,
  token: string | undefined,
  timeoutMs: number,
): Promise<HostConnection> {
  let target: { url: string; token: string }
  if (url) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      console.error(`--url must be an address such as http://127.0.0.1:4000, got "${url}"`)
      throw new CliExit(EXIT.usage)
    }
    const fromUrl =
      new URLSearchParams(parsed.hash.slice(1)).get('token') ?? parsed.searchParams.get('token')
    const found = token ?? fromUrl ?? process.env.CLUSTER_DESK_TOKEN
    if (!found) {
      console.error('--url needs a token: paste the address with its #token=…, or pass --token.')
      throw new CliExit(EXIT.usage)
    }
    target = { url: parsed.origin, token: found }
  } else {
    const runtime = readRuntimeFile()
    if (!runtime.ok) {
      console.error(`${runtime.reason}.`)
      console.error(
        `  fix: ${runtime.fix ?? 'start one with "cluster-desk up" (or "cluster-desk serve"), or open the desktop app, or pass --url.'}`,
      )
      throw new CliExit(EXIT.noHost)
    }
    target = runtime.info
  }
  try {
    return await connectToHost(target.url, target.token, timeoutMs)
  } catch (error) {
    console.error((error as Error).message)
    console.error(
      '  fix: check that Cluster Desk is still running there and that the token is right.',
    )
    throw new CliExit(EXIT.noHost)
  }
}

/** The value of a result, or its error printed and the command ended with the code it deserves. */
export function valueOrExit<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value
  console.error(colour.red(result.error.message))
  console.error(`  fix: ${result.error.fix}`)
  for (const problem of result.error.details?.problems ?? []) {
    console.error(`  ${problem.path}: ${problem.message}\n    fix: ${problem.fix}`)
  }
  const usage = ['unknown-node', 'bad-request', 'unknown-cluster', 'invalid-cluster'].includes(
    result.error.code,
  )
  throw new CliExit(usage ? EXIT.usage : EXIT.failed)
}

/** Fails before acting on anything when one of the named nodes does not exist. */
async function checkNodes(api: ClusterApi, names: string[]): Promise<void> {
  const known = valueOrExit(await api.snapshot()).nodes.map((n) => n.name)
  const unknown = names.filter((name) => !known.includes(name))
  if (unknown.length === 0) return
  console.error(colour.red(`unknown node${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`))
  console.error(`  the nodes are: ${known.join(', ')}`)
  throw new CliExit(EXIT.usage)
}

export function statusJson({ name, nodes, erlang }: ClusterSnapshot) {
  return {
    cluster: name,
    /** Present for a cluster of Erlang nodes: whether every running one sees every other. */
    erlang,
    nodes: nodes.map((node) => ({
      name: node.name,
      state: node.state,
      health: node.health,
      pid: node.pid,
      port: node.port,
      restarts: node.restarts,
      nextRestartAt: isoOrNull(node.nextRestartAt),
      lastExit: node.lastExit ? { code: node.lastExit.code, signal: node.lastExit.signal } : null,
      startedAt: isoOrNull(node.startedAt),
      waitingFor: node.waitingFor,
      /** Absent figures are null, never guessed: a node that does not run, or no /proc. */
      resources: node.resources
        ? {
            cpuPercent: node.resources.cpuPercent,
            rssBytes: node.resources.rssBytes,
            processes: node.resources.processes,
          }
        : null,
    })),
  }
}

export async function status(api: ClusterApi, json: boolean): Promise<number> {
  const snapshot = valueOrExit(await api.snapshot())
  if (json) {
    console.log(JSON.stringify(statusJson(snapshot), null, 2))
    return EXIT.ok
  }
  const { healthy, outOf, completed } = countNodes(snapshot.nodes)
  const done = completed > 0 ? `, ${completed} completed` : ''
  console.log(`Cluster ${colour.bold(snapshot.name)}: ${healthy} of ${outOf} healthy${done}\n`)
  console.log(table([NODE_HEADER, ...snapshot.nodes.map((node) => nodeRow(node))]))
  for (const node of snapshot.nodes) if (node.state === 'failed') printDiagnosis(node)
  return EXIT.ok
}

/** scale GROUP N: the group's replicas, then the cluster as it now is. */
export async function scale(api: ClusterApi, group: string, replicas: number): Promise<number> {
  const snapshot = valueOrExit(await api.scaleGroup(group, replicas))
  const members = snapshot.nodes.filter((node) => node.group === group)
  console.log(
    `${colour.bold(group)} has ${members.length} replicas: ${members.map((node) => node.name).join(', ')}\n`,
  )
  console.log(table([NODE_HEADER, ...members.map((node) => nodeRow(node))]))
  for (const node of members) printDiagnosis(node)
  return members.some((node) => node.state === 'failed') ? EXIT.failed : EXIT.ok
}

export async function health(api: ClusterApi, json: boolean): Promise<number> {
  const snapshot = valueOrExit(await api.snapshot())
  const rows = await Promise.all(
    snapshot.nodes.map(async (node) => ({
      node,
      history: valueOrExit(await api.healthHistory(node.name)),
    })),
  )
  if (json) {
    const nodes = rows.map(({ node, history }) => ({
      name: node.name,
      state: node.state,
      health: node.health,
      probes: history.map((probe) => ({ ...probe, at: new Date(probe.at).toISOString() })),
    }))
    console.log(JSON.stringify({ cluster: snapshot.name, nodes }, null, 2))
  } else {
    const lines = rows.map(({ node, history }) => {
      const last = history.at(-1)
      const failures = history.filter((probe) => !probe.ok).length
      return [
        colour.bold(node.name),
        node.state === 'running' ? stateText(node.health) : stateText(node.state),
        last ? `${new Date(last.at).toLocaleTimeString()} ${last.ok ? 'ok' : 'failed'}` : '-',
        last ? `${last.latencyMs} ms` : '-',
        `${failures} of ${history.length}`,
        last?.error ?? '',
      ]
    })
    console.log(table([['NODE', 'HEALTH', 'LAST PROBE', 'LATENCY', 'FAILED', 'ERROR'], ...lines]))
  }
  const allHealthy = snapshot.nodes.every(
    (n) => !n.autostart || (n.state === 'running' && n.health !== 'unhealthy'),
  )
  return allHealthy ? EXIT.ok : EXIT.failed
}

/**
 * start/stop [NODE…]: the whole cluster without names. A named node starts with what it
 * depends on, unless `dependencies` is false (--no-deps).
 */
export async function startOrStop(
  api: ClusterApi,
  verb: 'start' | 'stop',
  names: string[],
  dependencies = true,
): Promise<number> {
  let nodes: NodeSnapshot[]
  if (names.length === 0) {
    nodes = valueOrExit(await (verb === 'start' ? api.startCluster() : api.stopCluster())).nodes
  } else {
    await checkNodes(api, names)
    nodes = await Promise.all(
      names.map(async (name) =>
        valueOrExit(
          await (verb === 'start' ? api.startNode(name, { dependencies }) : api.stopNode(name)),
        ),
      ),
    )
  }
  console.log(table([NODE_HEADER, ...nodes.map((node) => nodeRow(node))]))
  for (const node of nodes) printDiagnosis(node)
  return nodes.some((node) => node.state === 'failed') ? EXIT.failed : EXIT.ok
}

export async function restartOrKill(
  api: ClusterApi,
  verb: 'restart' | 'kill',
  name: string,
): Promise<number> {
  await checkNodes(api, [name])
  const node = valueOrExit(await (verb === 'restart' ? api.restartNode(name) : api.killNode(name)))
  if (verb === 'kill') console.log(`${name}: killed with SIGKILL; it is handled as a crash.`)
  console.log(table([NODE_HEADER, nodeRow(node)]))
  printDiagnosis(node)
  return node.state === 'failed' ? EXIT.failed : EXIT.ok
}

function printLine(line: LogLine): void {
  const prefix =
    line.stream === 'stdout'
      ? ''
      : line.stream === 'stderr'
        ? colour.red('err ')
        : colour.blue('sys ')
  const cut = line.truncatedBytes ? colour.dim(` […${line.truncatedBytes} bytes cut]`) : ''
  // A node's own colours reach a terminal, nothing else of its escapes; a pipe gets plain text.
  process.stdout.write(`${prefix}${outsideText(line.text)}${cut}\n`)
}

export async function logs(
  connection: HostConnection,
  name: string,
  options: { follow: boolean; stream?: LogStream; lines: number },
): Promise<number> {
  const { api } = connection
  await checkNodes(api, [name])
  const streams = options.stream ? [options.stream] : undefined
  // Subscribe before reading the tail, then skip what the tail already showed.
  const queued: LogLine[] = []
  let lastSeq = 0
  let live = false
  const show = (line: LogLine) => {
    if (line.seq <= lastSeq || (streams && !streams.includes(line.stream))) return
    lastSeq = line.seq
    printLine(line)
  }
  if (options.follow) {
    api.onLogBatch((batch) => {
      for (const entry of batch.nodes) {
        if (entry.node !== name) continue
        if (entry.skipped > 0 && live) console.log(colour.dim(`[… ${entry.skipped} lines skipped]`))
        for (const line of entry.lines) live ? show(line) : queued.push(line)
      }
    })
  }
  const page = valueOrExit(
    await api.readLogs({ node: name, limit: options.lines, ...(streams ? { streams } : {}) }),
  )
  for (const line of page.lines) show(line)
  if (!options.follow) return EXIT.ok
  live = true
  for (const line of queued) show(line)
  // Until Ctrl-C; a host that goes away ends the command through connection.lost.
  await new Promise<void>((resolveFollow) => {
    process.once('SIGINT', () => resolveFollow())
    process.once('SIGTERM', () => resolveFollow())
  })
  return EXIT.ok
}

/** Why a file cannot be written, in words, with what to do. */
function explainWriteError(error: NodeJS.ErrnoException, path: string, fileName: string) {
  const folder = dirname(path)
  switch (error.code) {
    case 'EISDIR':
      return {
        problem: `${path} is a folder.`,
        fix: `Give a file inside it, such as ${join(path, fileName)}.`,
      }
    case 'ENOENT':
      return {
        problem: `The folder ${folder} does not exist.`,
        fix: `Create it (mkdir -p ${folder}), or choose another folder.`,
      }
    case 'ENOTDIR':
      return {
        problem: `Part of ${folder} is a file, not a folder.`,
        fix: 'Check the path, or choose another folder.',
      }
    case 'EACCES':
    case 'EPERM':
      return {
        problem: `You may not write in ${folder}.`,
        fix: 'Choose a folder you own, such as your home folder.',
      }
    case 'EROFS':
      return {
        problem: `${folder} is on a read-only file system.`,
        fix: 'Choose a folder on a writable disk.',
      }
    case 'ENOSPC':
      return {
        problem: `The disk holding ${folder} is full.`,
        fix: 'Free some space, or choose another disk.',
      }
    default:
      return {
        problem: `${path} cannot be written: ${error.message}.`,
        fix: 'Check the path and try again.',
      }
  }
}

/**
 * `export NODE FILE`: the log streamed from the host's export route into FILE, written to a
 * private temporary file first and renamed, so a failure leaves no half file and no leftover.
 */
export async function exportToFile(
  connection: HostConnection,
  name: string,
  file: string,
  options: { format: ExportFormat; ansi: 'keep' | 'strip'; force: boolean; timeoutMs: number },
): Promise<number> {
  await checkNodes(connection.api, [name])
  const path = resolve(file)
  const fail = (problem: { problem: string; fix: string }, code: number) => {
    console.error(colour.red(problem.problem))
    console.error(`  fix: ${problem.fix}`)
    return code
  }
  let existing: ReturnType<typeof statSync>
  try {
    existing = statSync(path, { throwIfNoEntry: false })
  } catch (error) {
    return fail(explainWriteError(error as NodeJS.ErrnoException, path, `${name}.log`), EXIT.failed)
  }
  if (existing?.isDirectory()) {
    return fail(
      explainWriteError(Object.assign(new Error(), { code: 'EISDIR' }), path, `${name}.log`),
      EXIT.usage,
    )
  }
  if (existing && !options.force) {
    return fail(
      {
        problem: `${path} already exists.`,
        fix: 'Choose another file name, or pass --force to replace it.',
      },
      EXIT.usage,
    )
  }
  const query = new URLSearchParams({ node: name, format: options.format, ansi: options.ansi })
  let response: Response
  try {
    response = await fetch(`${connection.url}${EXPORT_PATH}?${query}`, {
      headers: { authorization: `Bearer ${connection.token}` },
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (error) {
    return fail(
      {
        problem: `The export could not be fetched from ${connection.url}: ${(error as Error).message}.`,
        fix: 'Check that Cluster Desk is still running, then try again.',
      },
      EXIT.noHost,
    )
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; fix?: string }
    return fail(
      {
        problem: body.error ?? `The host answered ${response.status}.`,
        fix: body.fix ?? 'Try again.',
      },
      EXIT.failed,
    )
  }
  const fileName = response.headers.get('x-export-file-name') ?? `${name}.log`
  try {
    await writeFileAtomicFrom(path, response.body, { durable: true })
  } catch (error) {
    return fail(explainWriteError(error as NodeJS.ErrnoException, path, fileName), EXIT.failed)
  }
  console.log(`wrote ${response.headers.get('x-export-lines') ?? '?'} lines of ${name} to ${path}`)
  return EXIT.ok
}
