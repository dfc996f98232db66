import { spawn } from 'node:child_process'
import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { validateCluster } from '../src/shared/cluster/validate-cluster'

/**
 * The node's command line. The engine runs every command line as `/bin/sh -c LINE`; the loop
 * runs exactly that too, so both sides start the same processes and only the engine differs.
 */
const COMMAND = 'exit 1'

/**
 * Crash → next start with backoff 0, per cycle, minus the same program restarted by a shell
 * `while` loop: what the engine's bookkeeping (exit handling, diagnosis, events, the restart
 * decision, the next spawn) adds to a restart.
 */
export async function measureRestartOverhead(restarts: number) {
  await engineCycleMs(20) // let the JIT see the restart path once before timing it
  const engine = await engineCycleMs(restarts)
  const loop = `i=0; while [ $i -lt ${restarts + 1} ]; do /bin/sh -c '${COMMAND}'; i=$((i+1)); done`
  const shellStarted = performance.now()
  await new Promise((resolve) =>
    spawn(loop, { shell: true, stdio: 'ignore' }).once('exit', resolve),
  )
  const shellCycleMs = (performance.now() - shellStarted) / (restarts + 1)
  return { engineCycleMs: engine, shellCycleMs, overheadMs: engine - shellCycleMs }
}

/** Mean time from one crash to the next with backoff 0, over `restarts` restarts. */
async function engineCycleMs(restarts: number): Promise<number> {
  const result = validateCluster({
    name: 'bench',
    nodes: [
      {
        name: 'crasher',
        port: null,
        command: COMMAND,
        restart: { backoff: 0, maxBackoff: 0, maxRestarts: restarts },
      },
    ],
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const cluster = {
    ...result.cluster,
    nodes: result.cluster.nodes.map((n) => ({ ...n, cwd: process.cwd() })),
  }
  const manager = new ClusterManager(cluster)
  const failed = new Promise<void>((resolve) => {
    manager.subscribe((e) => {
      if (e.type === 'state' && e.change.to === 'failed') resolve()
    })
  })
  const started = performance.now()
  await manager.startNode('crasher')
  await failed
  return (performance.now() - started) / (restarts + 1)
}
