import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processTree, procTable } from '../src/engine/supervisor/process/process-table'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { connectToHost } from '../src/headless/ws-client'
import type { LogLine } from '../src/shared/domain/logs'
import type { ClusterApi } from '../src/shared/ipc/contract'
import { mib, percentile } from './stats'

const NODES = 50
const LIFE_MS = 100
/** Restart n waits min(BACKOFF_MS × 2ⁿ⁻¹, MAX_BACKOFF_MS): 100, 200, 400, 400, … */
const BACKOFF_MS = 100
const MAX_BACKOFF_MS = 400
/** The node the commands start and stop; it is left out of the schedule figures. */
const COMMANDED = `crasher${NODES}`

export interface CrashStormReport {
  seconds: number
  crashes: number
  restartLatenessMs: { p50: number; p95: number; p99: number; max: number; count: number }
  wrongDelays: number
  /** Lines the watching client was told it missed: a restart among them cannot be checked. */
  linesSkipped: number
  commandMs: { p50: number; p95: number; p99: number; max: number; count: number; slowest: string }
  rssMib: { at10s: number; atEnd: number; peak: number }
  lostProcesses: number
  spawnWaveFloorMs: number
}

/**
 * 50 nodes that each crash 100 ms after every start, restarted with backoff, for `seconds`,
 * under the real `cluster-desk up` with a client subscribed to everything as a UI is. Each
 * restart is checked against the schedule from the engine's own log lines as that client
 * receives them (the "restart n/m in D" line and the "started pid" line that follows),
 * commands are timed from a second client, and the host's resident memory is sampled from
 * /proc every second.
 */
export async function measureCrashStorm(seconds: number): Promise<CrashStormReport> {
  const folder = mkdtempSync(join(tmpdir(), 'cluster-desk-storm-'))
  const config = join(folder, 'storm.json')
  writeFileSync(config, JSON.stringify(stormCluster()))
  const host = spawn(
    process.execPath,
    [
      // STORM_PROFILE=folder writes a CPU profile of the host there.
      ...(process.env.STORM_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.STORM_PROFILE}`]
        : []),
      join(PACKAGE_ROOT, 'bin', 'cluster-desk.mjs'),
      'up',
      '--config',
      config,
    ],
    {
      env: { ...process.env, CLUSTER_DESK_RUNTIME_DIR: folder, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    const { url, token } = await hostAddress(host)
    const watcher = await connectToHost(url, token)
    // The engine's own lines of every node, as a window following the log receives them.
    const systemLines = new Map<string, LogLine[]>()
    let skipped = 0
    watcher.api.onLogBatch((batch) => {
      for (const { node, lines, skipped: lost } of batch.nodes) {
        skipped += lost
        const kept = systemLines.get(node) ?? []
        for (const line of lines) if (line.stream === 'system') kept.push(line)
        systemLines.set(node, kept)
      }
    })
    watcher.api.onClusterSnapshot(() => {})
    const commander = await connectToHost(url, token)

    const rss: number[] = []
    const sampler = setInterval(() => rss.push(residentBytes(host.pid!)), 1000)
    const timings = await commandLoop(commander.api, seconds * 1000)
    clearInterval(sampler)

    const snapshot = await commander.api.snapshot()
    if (!snapshot.ok) throw new Error(snapshot.error.message)
    const crashes = snapshot.value.nodes.reduce((sum, n) => sum + n.restarts, 0)
    const schedule = { lateness: [] as number[], wrongDelays: 0 }
    for (const [node, lines] of systemLines) {
      if (node !== COMMANDED) checkSchedule(lines, schedule)
    }
    await commander.api.stopCluster()
    // Whatever of the nodes' trees is still under the host after the stop: the shells and sleeps.
    const lost = processTree(procTable, host.pid!, -1).filter((p) =>
      ['sh', 'sleep'].includes(p.command),
    )
    watcher.close()
    commander.close()

    const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a))
    return {
      seconds,
      crashes,
      restartLatenessMs: summary(schedule.lateness),
      wrongDelays: schedule.wrongDelays,
      linesSkipped: skipped,
      commandMs: {
        ...summary(timings.map((t) => t.ms)),
        slowest: `${slowest.command} ${slowest.ms.toFixed(1)} ms`,
      },
      rssMib: {
        at10s: mib(rss[9] ?? rss.at(-1)!),
        atEnd: mib(rss.at(-1)!),
        peak: mib(Math.max(...rss)),
      },
      lostProcesses: lost.length,
      spawnWaveFloorMs: await spawnWaveFloorMs(),
    }
  } finally {
    host.kill('SIGTERM')
    if (host.exitCode === null) await once(host, 'exit')
    rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * The floor under the schedule figure: how long a bare Node process takes to spawn 50 shells
 * back to back on this machine (median of three), which is what 50 restarts due at the same
 * moment cost any Node supervisor before the last one can start.
 */
export async function spawnWaveFloorMs(): Promise<number> {
  const script = `
    const { spawn } = require('node:child_process')
    const started = performance.now()
    const children = Array.from({ length: ${NODES} }, () =>
      spawn('/bin/sh', ['-c', 'exit 1'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }))
    console.log(performance.now() - started)
    for (const child of children) child.stdout.resume(), child.stderr.resume()`
  const runs: number[] = []
  for (let i = 0; i < 3; i++) {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
    })
    await once(child, 'exit')
    runs.push(Number(output.trim()))
  }
  return runs.sort((a, b) => a - b)[1]!
}

function stormCluster() {
  return {
    name: 'Crash storm',
    // Small buffers fill within seconds, so growth after that is the engine's own.
    logLines: 100,
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `crasher${i + 1}`,
      port: null,
      // The shell and a sleep: the engine, not the node, should be what this measures.
      command: `echo "up $$"; sleep ${LIFE_MS / 1000}; echo "crashing" >&2; exit 1`,
      restart: {
        backoff: BACKOFF_MS,
        maxBackoff: MAX_BACKOFF_MS,
        maxRestarts: 1000,
      },
    })),
  }
}

/** Waits for `up` to print its address, as a person would read it. */
function hostAddress(host: ChildProcess): Promise<{ url: string; token: string }> {
  let output = ''
  return new Promise((resolve, reject) => {
    host.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)\s/.exec(output)
      if (match) resolve({ url: match[1]!, token: match[2]! })
    })
    host.once('exit', () =>
      reject(new Error(`cluster-desk up ended before it printed its address:\n${output}`)),
    )
  })
}

/**
 * What a person at the window does, one command at a time for `durationMs`: look at the
 * cluster, read a node's log and health, and now and then stop or start a node.
 */
async function commandLoop(api: ClusterApi, durationMs: number) {
  const commands: Array<[string, () => Promise<{ ok: boolean }>]> = [
    ['snapshot', () => api.snapshot()],
    ['logs:read', () => api.readLogs({ node: randomNode(), limit: 200 })],
    ['health:history', () => api.healthHistory(randomNode())],
    ['node:stop', () => api.stopNode(COMMANDED)],
    ['snapshot', () => api.snapshot()],
    ['logs:read', () => api.readLogs({ node: randomNode(), limit: 200 })],
    ['node:start', () => api.startNode(COMMANDED)],
  ]
  const timings: Array<{ command: string; ms: number }> = []
  const end = performance.now() + durationMs
  for (let i = 0; performance.now() < end; i++) {
    const [command, run] = commands[i % commands.length]!
    const started = performance.now()
    const result = await run()
    timings.push({ command, ms: performance.now() - started })
    if (!result.ok) throw new Error(`${command} failed during the storm`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return timings
}

const randomNode = () => `crasher${1 + Math.floor(Math.random() * (NODES - 1))}`

/**
 * Pairs each "restart n/m in D" line with the "started pid" line after it: the start should
 * come D after the restart was scheduled, and D should be what the policy says for restart n.
 */
function checkSchedule(lines: LogLine[], into: { lateness: number[]; wrongDelays: number }) {
  let scheduled: { at: number; delayMs: number } | undefined
  for (const line of lines) {
    const restart = /^restart (\d+)\/\d+ in (\d+) ms$/.exec(line.text)
    if (restart) {
      const delayMs = Number(restart[2])
      const policy = Math.min(BACKOFF_MS * 2 ** (Number(restart[1]) - 1), MAX_BACKOFF_MS)
      if (delayMs !== policy) into.wrongDelays++
      scheduled = { at: line.time, delayMs }
    } else if (scheduled && line.text.startsWith('started pid ')) {
      into.lateness.push(line.time - scheduled.at - scheduled.delayMs)
      scheduled = undefined
    }
  }
}

function summary(values: number[]) {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: Math.max(...values),
    count: values.length,
  }
}

function residentBytes(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kib ?? 0) * 1024
}
