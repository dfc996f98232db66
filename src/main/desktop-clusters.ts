import { join } from 'node:path'
import type { RegisteredCluster } from '../engine/service/cluster-service'
import { resolveNodePaths } from '../engine/supervisor/cluster-file'
import { demoCluster } from '../engine/supervisor/demo-cluster'
import { validateCluster } from '../shared/cluster/validate-cluster'
import type { Settings } from './settings/settings-schema'

/**
 * The clusters the desktop app offers: the built-in Demo and every cluster saved in settings,
 * the one last loaded first (the service loads the first). A saved definition that no longer
 * validates is left out and named, rather than stopping the app.
 */
export function desktopClusters(
  settings: Settings,
  appPath: string,
  home: string,
): { clusters: RegisteredCluster[]; skipped: string[] } {
  const demo: RegisteredCluster = {
    spec: demoCluster({
      // Inside Electron, process.execPath is the Electron binary: it runs the demo node as Node.
      executable: process.execPath,
      runAsNode: Boolean(process.versions.electron),
      script: join(appPath, 'resources', 'demo-node.mjs'),
      cwd: appPath,
    }),
    source: 'built-in',
  }
  const skipped: string[] = []
  const saved = settings.clusters.flatMap(({ definition }) => {
    const result = validateCluster(definition)
    if (!result.ok) {
      skipped.push(String((definition as { name?: unknown })?.name ?? 'unnamed'))
      return []
    }
    return [{ spec: resolveNodePaths(result.cluster, home), source: 'saved' }]
  })
  const all = [demo, ...saved.filter((c) => c.spec.name !== demo.spec.name)]
  const selected = all.filter((c) => c.spec.name === settings.selectedCluster)
  return { clusters: [...selected, ...all.filter((c) => !selected.includes(c))], skipped }
}
