// Runs in a process of its own so its memory is the engine's alone. Alternates three ways of
// draining the same producer — into `cat >/dev/null`, into a plain Node reader that does
// nothing with the bytes, and through the engine — and prints one JSON line with every
// round's times and the engine's memory.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { validateCluster } from '../src/shared/cluster/validate-cluster'
import { peakRssDuring } from './stats'

const lines = Number(process.argv[2] ?? 1_000_000)
const linesPerWrite = Number(process.argv[3] ?? 100)
const rounds = Number(process.argv[4] ?? 3)
const script = join(PACKAGE_ROOT, 'bench', 'producer.mjs')
const producer = `${shellQuote(process.execPath)} ${shellQuote(script)}`
const producerEnv = {
  LINES: String(lines),
  LINES_PER_WRITE: String(linesPerWrite),
  LINE_BYTES: '100',
}
const env = { ...process.env, ...producerEnv }

function timeCat(): Promise<number> {
  const started = performance.now()
  const child = spawn(`${producer} 2>&1 | cat >/dev/null`, { shell: true, env, stdio: 'ignore' })
  return new Promise((resolve) => child.once('exit', () => resolve(performance.now() - started)))
}

function timeNodeReader(): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', () => {})
  child.stderr.on('data', () => {})
  return new Promise((resolve) => child.once('close', () => resolve(performance.now() - started)))
}

/** Where the baseline for memory growth is read: a tenth of the way, whatever the run's size. */
const BASELINE_LINE = Math.floor(lines / 10)

async function timeEngine(): Promise<{ ms: number; rssAtBaseline: number; rssAtEnd: number }> {
  const result = validateCluster({
    name: 'bench',
    nodes: [{ name: 'flood', port: null, command: producer, env: producerEnv, restart: 'never' }],
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const cluster = {
    ...result.cluster,
    nodes: result.cluster.nodes.map((n) => ({ ...n, cwd: process.cwd() })),
  }
  const manager = new ClusterManager(cluster)
  const node = manager.node('flood')
  let rssAtBaseline = 0
  const sampler = setInterval(() => {
    if (rssAtBaseline === 0 && node.output.nextSeq > BASELINE_LINE)
      rssAtBaseline = process.memoryUsage.rss()
  }, 5)
  const ended = new Promise<void>((resolve) => {
    manager.subscribe((event) => {
      if (event.type === 'state' && ['completed', 'failed'].includes(event.change.to)) resolve()
    })
  })
  const started = performance.now()
  const cpu = process.cpuUsage()
  await manager.startNode('flood')
  await ended
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  if (process.env.FLOOD_CPU)
    console.error(
      `engine wall ${ms.toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms (user ${(used.user / 1000).toFixed(0)}, system ${(used.system / 1000).toFixed(0)})`,
    )
  clearInterval(sampler)
  const page = node.output.read({ streams: ['stdout', 'stderr'] })
  const counted = page.evicted.stdout + page.evicted.stderr + page.lines.length
  if (node.snapshot().state !== 'completed' || counted !== lines) {
    throw new Error(`engine round ended ${node.snapshot().state} with ${counted} of ${lines} lines`)
  }
  return { ms, rssAtBaseline, rssAtEnd: process.memoryUsage.rss() }
}

const catMs: number[] = []
const nodeReaderMs: number[] = []
const engineMs: number[] = []
const rssGrowth: number[] = []
// FLOOD_ENGINE_ONLY=1 runs the engine rounds alone, for a CPU profile of just the engine.
const engineOnly = process.env.FLOOD_ENGINE_ONLY === '1'
if (!engineOnly) await timeCat() // warm the page cache and the producer once
// The peak memory of each kind of reader, each measured from a reset high-water mark.
let readerPeak = 0
let enginePeak = 0
for (let i = 0; i < rounds; i++) {
  if (!engineOnly) {
    catMs.push(await timeCat())
    const reader = await peakRssDuring(timeNodeReader)
    nodeReaderMs.push(reader.result)
    readerPeak = Math.max(readerPeak, reader.peak)
  }
  const measured = await peakRssDuring(timeEngine)
  const engine = measured.result
  enginePeak = Math.max(enginePeak, measured.peak)
  engineMs.push(engine.ms)
  // A round whose baseline was never read reports nothing, and the bench says so.
  if (engine.rssAtBaseline > 0) rssGrowth.push(engine.rssAtEnd - engine.rssAtBaseline)
}
console.log(
  JSON.stringify({
    catMs,
    nodeReaderMs,
    engineMs,
    rssGrowth,
    baselineLine: BASELINE_LINE,
    peakRss: enginePeak,
    readerPeakRss: readerPeak,
  }),
)
