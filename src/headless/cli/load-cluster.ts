import type { RegisteredCluster } from '../../engine/service/cluster-service'
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
  configPath: string | undefined,
): Promise<
  | { ok: true; registered: RegisteredCluster; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] }
> {
  if (!configPath) return { ok: true, registered: builtInDemo(), warnings: [] }
  const result = await loadClusterFile(configPath)
  if (!result.ok) return result
  return {
    ok: true,
    registered: { spec: result.cluster, source: configPath },
    warnings: result.warnings,
  }
}

/** Loads the cluster and prints what is wrong with it (and refuses) or worth a warning. */
export async function loadClusterOrSay(configPath: string | undefined) {
  const loaded = await loadCluster(configPath)
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
