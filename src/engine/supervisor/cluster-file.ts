import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, extname, resolve } from 'node:path'
import { parseDocument, stringify } from 'yaml'
import { procfileToDefinition } from '../../shared/cluster/presets'
import type { ConfigProblem } from '../../shared/cluster/problems'
import { type ClusterValidation, validateCluster } from '../../shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../shared/domain/cluster'

/** Parses cluster file text: JSON for .json, YAML (a superset of JSON) for anything else. */
export function parseClusterText(
  text: string,
  fileName: string,
): { ok: true; value: unknown } | { ok: false; problems: ConfigProblem[] } {
  if (text.trim() === '') {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `${fileName} is empty`,
          fix: 'Write a cluster definition in it: at least nodes: [ { name: web, command: npm start } ].',
        },
      ],
    }
  }
  if (extname(fileName).toLowerCase() === '.json') {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch (error) {
      return {
        ok: false,
        problems: [
          {
            path: '',
            message: `${fileName} is not valid JSON: ${(error as Error).message}`,
            fix: 'Fix the syntax at that position (a missing comma or quote is the usual cause).',
          },
        ],
      }
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '',
        message: `${fileName} is not valid YAML: ${error.message.split('\n')[0]}`,
        fix: 'Fix the syntax on that line; check indentation and that every "key: value" has a space after the colon.',
      })),
    }
  }
  try {
    return { ok: true, value: document.toJS() }
  } catch (error) {
    // yaml refuses to expand a document whose aliases multiply (a "billion laughs" file).
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `${fileName} cannot be read: ${(error as Error).message}`,
          fix: 'Write the nodes out, or use anchors and aliases (&name, *name) a few times only.',
        },
      ],
    }
  }
}

/**
 * A file the editor imports: a Procfile (by its name) or a cluster file, read by the same
 * parser as every cluster file the engine loads.
 */
export function parseImportedFile(
  text: string,
  fileName: string,
): { ok: true; definition: unknown } | { ok: false; problems: ConfigProblem[] } {
  if (isProcfile(fileName)) {
    const name = basename(fileName).replace(/\W+/g, '-').toLowerCase()
    return { ok: true, definition: procfileToDefinition(text, name) }
  }
  const parsed = parseClusterText(text, fileName)
  return parsed.ok ? { ok: true, definition: parsed.value } : parsed
}

/** A definition written as a cluster file. */
export function printClusterText(definition: unknown): string {
  return stringify(definition)
}

/** Makes every node's cwd and env files absolute, relative to the cluster file's folder. */
export function resolveNodePaths(cluster: ClusterSpec, baseDir: string): ClusterSpec {
  return {
    ...cluster,
    nodes: cluster.nodes.map((node) => ({
      ...node,
      cwd: resolve(baseDir, node.cwd),
      envFiles: node.envFiles.map((file) => resolve(baseDir, file)),
    })),
  }
}

/** Every env file the cluster names that is not there, as problems with a fix. */
function missingEnvFiles(cluster: ClusterSpec): ConfigProblem[] {
  const files = new Map<string, string>()
  for (const node of cluster.nodes) for (const file of node.envFiles) files.set(file, node.name)
  return [...files]
    .filter(([file]) => !existsSync(file))
    .map(([file, node]) => ({
      path: 'envFile',
      message: `${node}'s env file ${file} does not exist`,
      fix: 'Create it (one KEY=value per line), or remove it from envFile; paths are relative to the cluster file.',
    }))
}

export type LoadedClusterFile =
  | (ClusterValidation & { ok: true } & {
      /** The definition as the file holds it, for changes at run time (scaling a group). */
      definition: unknown
      /** The folder relative paths of the definition start from. */
      baseDir: string
    })
  | { ok: false; problems: ConfigProblem[] }

/**
 * Reads, parses and validates a cluster file (a Procfile too, by its name); every problem is
 * reported at once.
 */
export async function loadClusterFile(path: string): Promise<LoadedClusterFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {
      ok: false,
      problems: [
        {
          path: '',
          message:
            code === 'ENOENT'
              ? `${path} does not exist`
              : `${path} cannot be read (${code ?? error})`,
          fix: 'Check the path, or create the file (see the README for an example).',
        },
      ],
    }
  }
  const baseDir = dirname(resolve(path))
  const parsed = isProcfile(path)
    ? { ok: true as const, value: procfileToDefinition(text, basename(baseDir)) }
    : parseClusterText(text, path)
  if (!parsed.ok) return parsed
  const fallbackName = basename(path, extname(path))
  const result = validateCluster(parsed.value, { fallbackName })
  if (!result.ok) return result
  const cluster = resolveNodePaths(result.cluster, baseDir)
  const missing = missingEnvFiles(cluster)
  if (missing.length > 0) return { ok: false, problems: missing }
  return { ...result, cluster, definition: parsed.value, baseDir }
}

const isProcfile = (path: string) => /^procfile/i.test(basename(path))
