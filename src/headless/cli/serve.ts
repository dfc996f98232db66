import { startHost } from '../../engine/host/host-server'
import { keptToken } from '../../engine/host/kept-token'
import {
  readRuntimeFile,
  removeRuntimeFile,
  runtimeDirectory,
  runtimeFilePath,
  writeRuntimeFile,
} from '../../engine/host/runtime-file'
import { ClusterService } from '../../engine/service/cluster-service'
import { startWatchdog } from '../../engine/supervisor/process/watchdog'
import { builtInDemo, loadClusterOrSay } from './load-cluster'
import { ERLANG_HELPER_SCRIPT, RENDERER_DIR, WATCHDOG_SCRIPT } from './package-paths'
import { reportSweep } from './sweep'
import { colour, EXIT, NODE_HEADER, nodeRow, printDiagnosis, table } from './terminal'

export interface ServeOptions {
  config?: string
  port?: number
  host?: string
  /** `up`: start the cluster once the host listens. */
  startCluster: boolean
  /** Make a new token instead of the kept one: pages holding the old one are refused. */
  newToken?: boolean
}

/**
 * `serve` and `up`: the engine behind the web UI and the WebSocket, until Ctrl-C or SIGTERM,
 * which stop every node (a verified stop) before the process exits.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const registered = await loadClusterOrSay(options.config)
  if (!registered) return EXIT.usage
  const running = readRuntimeFile()
  if (running.ok) {
    console.error(
      `Cluster Desk is already running at ${running.info.url} (pid ${running.info.pid}).`,
    )
    console.error(
      '  fix: stop it first, or set CLUSTER_DESK_RUNTIME_DIR to run a second one beside it.',
    )
    return EXIT.failed
  }
  const bindHost = options.host ?? '127.0.0.1'
  if (!['127.0.0.1', 'localhost', '::1'].includes(bindHost)) {
    console.error(
      colour.yellow(
        `warning: listening on ${bindHost}, beyond this machine. Anyone who can reach it and has the token can start and stop processes here.`,
      ),
    )
  }
  // The Demo cluster is always there to switch to, or to start an edit from.
  const demo = builtInDemo()
  const others = registered.spec.name === demo.spec.name ? [] : [demo]
  await reportSweep()
  // Nodes die with this process however it dies: the watchdog stops them if it is killed.
  const watchdog = startWatchdog({ script: WATCHDOG_SCRIPT, recordsFolder: runtimeDirectory() })
  watchdog.onRestarted((message) => console.error(colour.yellow(`warning: ${message}`)))
  const service = new ClusterService([registered, ...others], {
    watchdog,
    erlangHelper: ERLANG_HELPER_SCRIPT,
  })
  const host = await startHost({
    service,
    port: options.port,
    host: bindHost,
    staticDir: RENDERER_DIR,
    token: keptToken(options.newToken === true),
  })
  writeRuntimeFile({
    kind: 'headless',
    pid: process.pid,
    url: host.url,
    token: host.token,
    cluster: service.manager.name,
    startedAt: new Date().toISOString(),
  })
  console.log(`Cluster Desk is serving cluster ${colour.bold(service.manager.name)}`)
  console.log(`  open ${colour.blue(host.openUrl)}`)
  console.log(
    colour.dim(`  runtime file ${runtimeFilePath()} (the CLI finds this host through it)`),
  )

  let stopping: Promise<void> | undefined
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      console.log(`\n${signal}: stopping every node…`)
      const snapshot = await service.manager.stopAll()
      for (const node of snapshot.nodes) if (node.state !== 'stopped') printDiagnosis(node)
      await service.dispose()
      watchdog.close()
      await host.close()
      removeRuntimeFile()
      console.log('stopped.')
    })()
    return stopping
  }
  const done = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => void shutdown(signal).then(() => resolve(EXIT.ok)))
    }
  })

  if (options.startCluster) {
    const snapshot = await service.manager.startAll()
    console.log(`\n${table([NODE_HEADER, ...snapshot.nodes.map((node) => nodeRow(node))])}`)
    for (const node of snapshot.nodes) printDiagnosis(node)
  }
  return done
}
