import type { ConfigProblem } from '../../shared/cluster/problems'
import { discoverClusterFile } from '../supervisor/cluster-discovery'
import { loadClusterFile } from '../supervisor/cluster-file'
import type { RegisteredCluster } from './cluster-service'

export type OpenedCluster =
  | { ok: true; registered: RegisteredCluster; path: string; warnings: ConfigProblem[] }
  | { ok: false; message: string; fix: string; problems: ConfigProblem[] }

/**
 * The cluster a folder means (as `up` finds it: cluster-desk.yaml, .yml or .json in it or a
 * parent, else a Procfile), or a file itself, loaded and validated; or why not, in words.
 */
export async function openCluster(
  target: { folder: string } | { file: string },
): Promise<OpenedCluster> {
  const path = 'file' in target ? target.file : discoverClusterFile(target.folder)
  if (!path) {
    return {
      ok: false,
      message: `There is no cluster-desk.yaml, .yml or .json in ${'folder' in target ? target.folder : ''} or above it, and no Procfile.`,
      fix: 'Create a cluster-desk.yaml in the project folder (see the README), or choose another folder.',
      problems: [],
    }
  }
  const loaded = await loadClusterFile(path)
  if (!loaded.ok) {
    return {
      ok: false,
      message: `${path} has ${loaded.problems.length} problem(s).`,
      fix: 'Fix each problem listed, then open it again.',
      problems: loaded.problems,
    }
  }
  const { cluster, definition, baseDir, warnings } = loaded
  return {
    ok: true,
    registered: { spec: cluster, source: path, definition, baseDir },
    path,
    warnings,
  }
}
