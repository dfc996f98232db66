import type { RegisteredCluster } from '../../engine/service/cluster-service'
import { discoverClusterFile } from '../../engine/supervisor/cluster-discovery'
import { loadClusterFile } from '../../engine/supervisor/cluster-file'
import { demoCluster } from '../../engine/supervisor/demo-cluster'
import { type ConfigProblem, formatProblems } from '../../shared/cluster/problems'
import { DEMO_NODE_SCRIPT, PACKAGE_ROOT } from './package-paths'
import { colour } from './terminal'

/** The cluster from --config, or the Demo cluster when none is given. */
export function builtInDemo(): RegisteredCluster {
  const spec = demoCluster({
    executable: process.execPath,
    runAsNode: false,
    script: DEMO_NODE_SCRIPT,
    cwd: PACKAGE_ROOT,
  })
  return { spec, source: 'built-in' }
}

export async function loadCluster(
  configPath: string,
): Promise<
  | { ok: true; registered: RegisteredCluster; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] }
> {
  const result = await loadClusterFile(configPath)
  if (!result.ok) return result
  const { cluster, definition, baseDir, warnings } = result
  return {
    ok: true,
    registered: { spec: cluster, source: configPath, definition, baseDir },
    warnings,
  }
}

/**
 * The cluster to run: --config, else the first cluster-desk.yaml, .yml or .json in this folder
 * or a parent, else a Procfile there, else the Demo. Says on stderr which it took.
 */
export async function loadClusterOrSay(configPath: string | undefined) {
  const path = configPath ?? discoverClusterFile(process.cwd())
  if (!path) {
    console.error(
      colour.dim(
        `No cluster-desk.yaml, .yml or .json in ${process.cwd()} or above it, and no Procfile: running the Demo cluster (--config FILE to choose one).`,
      ),
    )
    return builtInDemo()
  }
  if (!configPath) console.error(colour.dim(`Using ${path} (found from ${process.cwd()}).`))
  const loaded = await loadCluster(path)
  if (!loaded.ok) {
    console.error(
      `${colour.red('The cluster file has problems:')}\n${formatProblems(loaded.problems)}`,
    )
    return undefined
  }
  if (loaded.warnings.length > 0) {
    console.error(`${colour.yellow('warning:')}\n${formatProblems(loaded.warnings)}`)
  }
  return loaded.registered
}
