import { statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { validateCluster } from '../../shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../shared/domain/cluster'
import { fail } from '../../shared/ipc/result'
import { writeFileAtomic } from '../files/write-file-atomic'
import { printClusterText } from '../supervisor/cluster-file'
import { CommandError } from './command-error'
import { restoreClusterSecrets } from './restore-secrets'

/**
 * A definition an editor sent, its hidden secrets put back, checked by the validator cluster
 * files are loaded with: the cluster it defines, or a CommandError naming every problem.
 */
export function checkedDefinition(
  sent: unknown,
  savedCluster: (name: string) => ClusterSpec | undefined,
): { definition: unknown; cluster: ClusterSpec } {
  const restored = restoreClusterSecrets(sent, savedCluster)
  const result =
    restored.problems.length > 0
      ? { ok: false as const, problems: restored.problems }
      : validateCluster(restored.definition)
  if (result.ok) return { definition: restored.definition, cluster: result.cluster }
  const { problems } = result
  const message = `The cluster has ${problems.length} problem(s).`
  throw new CommandError(
    fail('invalid-cluster', message, 'Fix each problem listed, then save again.', { problems }),
  )
}

/** A cluster file Cluster Desk can write back: JSON or YAML (a Procfile holds too little). */
export function writableClusterFile(source: string): boolean {
  return ['.json', '.yaml', '.yml'].includes(extname(source).toLowerCase())
}

/**
 * Writes a definition back to the file its cluster came from, in that file's format, after
 * copying the old one beside it as `<name>.bak`. Answers where the old one is.
 */
export async function writeClusterFile(path: string, definition: unknown): Promise<string> {
  if (!writableClusterFile(path)) {
    throw new CommandError(
      fail(
        'not-available',
        `${basename(path)} cannot hold a cluster's settings: only JSON and YAML cluster files are written back.`,
        'Save without writing the file, or export the cluster as YAML and load that file instead.',
      ),
    )
  }
  const backup = `${path}.bak`
  const { mode } = statSync(path)
  await copyFile(path, backup)
  const text =
    extname(path).toLowerCase() === '.json'
      ? `${JSON.stringify(definition, null, 2)}\n`
      : printClusterText(definition)
  writeFileAtomic(path, text, { mode: mode & 0o777, durable: true })
  return backup
}
