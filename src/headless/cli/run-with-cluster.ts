import { spawn } from 'node:child_process'
import { runtimeDirectory } from '../../engine/host/runtime-file'
import { ClusterManager } from '../../engine/supervisor/cluster-manager'
import { startWatchdog } from '../../engine/supervisor/process/watchdog'
import type { NodeSnapshot } from '../../shared/domain/node'
import { loadClusterOrSay } from './load-cluster'
import { ERLANG_HELPER_SCRIPT, WATCHDOG_SCRIPT } from './package-paths'
import { reportSweep } from './sweep'
import { colour, EXIT, printDiagnosis } from './terminal'

const SETTLED_BAD = new Set(['failed', 'exited', 'stopped'])

/** Ready means running and, for a node with a health check, healthy; or a one-shot done. */
function isReady(node: NodeSnapshot): boolean {
  return (node.state === 'running' && node.health !== 'unhealthy') || node.state === 'completed'
}

/**
 * `run -- CMD`: starts the cluster, waits until every node is ready (or fails with the
 * diagnosis) and, with `--wait mesh`, until its Erlang nodes see each other, runs CMD with
 * CLUSTER_DESK_NODES set to the nodes' URLs, always stops the cluster, and exits with CMD's
 * exit code.
 */
export async function runWithCluster(options: {
  config?: string
  timeoutSeconds: number
  waitForMesh: boolean
  command: string[]
}): Promise<number> {
  const registered = await loadClusterOrSay(options.config)
  if (!registered) return EXIT.usage
  await reportSweep()
  const watchdog = startWatchdog({ script: WATCHDOG_SCRIPT, recordsFolder: runtimeDirectory() })
  const manager = new ClusterManager(registered.spec, {
    watchdog,
    erlangHelper: ERLANG_HELPER_SCRIPT,
  })
  let interrupted = false
  const stopOnSignal = () => {
    interrupted = true
  }
  process.on('SIGINT', stopOnSignal)
  process.on('SIGTERM', stopOnSignal)
  try {
    const ready = await startAndWait(
      manager,
      { timeoutMs: options.timeoutSeconds * 1000, mesh: options.waitForMesh },
      () => interrupted,
    )
    if (!ready.ok) {
      console.error(colour.red(`cluster-desk run: ${ready.reason}`))
      for (const node of manager.snapshot().nodes) printDiagnosis(node)
      for (const { name, problem } of manager.mesh().nodes) {
        if (problem)
          console.error(`${colour.red(`${name}:`)} ${problem.problem}\n  fix: ${problem.fix}`)
      }
      return EXIT.failed
    }
    const urls = manager
      .snapshot()
      .nodes.flatMap((node) => (node.url && node.autostart ? [node.url] : []))
    const [file, ...args] = options.command
    const child = spawn(file!, args, {
      stdio: 'inherit',
      env: { ...process.env, CLUSTER_DESK_NODES: urls.join(',') },
    })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    const code = await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        console.error(colour.red(`cluster-desk run: cannot start ${file}: ${error.message}`))
        resolve(127)
      })
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + 15 : 1)))
    })
    process.off('SIGINT', forward)
    process.off('SIGTERM', forward)
    return code
  } finally {
    await manager.dispose()
    watchdog.close()
    process.off('SIGINT', stopOnSignal)
    process.off('SIGTERM', stopOnSignal)
  }
}

async function startAndWait(
  manager: ClusterManager,
  { timeoutMs, mesh }: { timeoutMs: number; mesh: boolean },
  interrupted: () => boolean,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (mesh && !manager.spec.nodes.some((node) => node.erlang)) {
    return { ok: false, reason: '--wait mesh needs Erlang nodes, and this cluster has none' }
  }
  const deadline = Date.now() + timeoutMs
  void manager.startAll()
  for (;;) {
    const nodes = manager.snapshot().nodes.filter((node) => node.autostart)
    const bad = nodes.find((node) => SETTLED_BAD.has(node.state) && node.diagnosis)
    if (bad) return { ok: false, reason: `${bad.name} did not start` }
    const ready = nodes.every(isReady)
    if (ready && (!mesh || manager.mesh().formed)) return { ok: true }
    if (interrupted()) return { ok: false, reason: 'interrupted before the cluster was ready' }
    if (Date.now() > deadline) {
      const waiting = nodes.filter((node) => !isReady(node)).map((n) => `${n.name} (${n.state})`)
      const what = ready ? 'the Erlang nodes did not all see each other' : 'not ready'
      return {
        ok: false,
        reason: `${what} within ${timeoutMs / 1000} s${waiting.length ? `: ${waiting.join(', ')}` : ''}`,
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
