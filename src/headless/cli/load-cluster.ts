import type { RegisteredCluster } from '../../main/api/cluster-service'
import { loadClusterFile } from '../../main/supervisor/cluster-file'
import { demoCluster } from '../../main/supervisor/demo-cluster'
import type { ConfigProblem } from '../../shared/cluster/problems'
import { DEMO_NODE_SCRIPT, PACKAGE_ROOT } from './package-paths'

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
): Promise<{ ok: true; cluster: RegisteredCluster } | { ok: false; problems: ConfigProblem[] }> {
  if (!configPath) return { ok: true, cluster: builtInDemo() }
  const result = await loadClusterFile(configPath)
  return result.ok ? { ok: true, cluster: { spec: result.cluster, source: configPath } } : result
}
