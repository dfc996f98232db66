import { validateCluster } from '../../shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../shared/domain/cluster'

/** Quotes a path for the shell, whatever characters it holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

export interface DemoRuntime {
  /** A program that runs JavaScript: node, or the Electron binary. */
  executable: string
  /** Set when `executable` is Electron, which acts as plain Node only with this variable. */
  runAsNode: boolean
  /** The demo node script shipped with the app. */
  script: string
  cwd: string
}

/**
 * The cluster a new user sees before writing any configuration: three copies of the demo node
 * on ports 4001–4003, each answering GET /api/health and printing a heartbeat.
 */
export function demoCluster(runtime: DemoRuntime): ClusterSpec {
  const result = validateCluster({
    name: 'Demo',
    nodes: [
      {
        name: 'node',
        replicas: 3,
        port: 4001,
        cwd: runtime.cwd,
        command: `${shellQuote(runtime.executable)} ${shellQuote(runtime.script)}`,
        env: runtime.runAsNode ? { ELECTRON_RUN_AS_NODE: '1' } : {},
      },
    ],
  })
  if (!result.ok) throw new Error(`The demo cluster is invalid: ${JSON.stringify(result.problems)}`)
  return result.cluster
}
