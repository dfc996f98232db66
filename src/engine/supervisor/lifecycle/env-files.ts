import { readFileSync } from 'node:fs'
import { parse } from 'dotenv'
import type { Diagnosis, NodeSpec } from '../../../shared/domain/node'

export type EnvFiles =
  | { ok: true; env: Record<string, string> }
  | { ok: false; diagnosis: Diagnosis }

/**
 * The variables of a node's env files, read afresh at each start (an edited .env takes effect
 * on the next restart), later files over earlier ones. Parsed by dotenv: quotes, comments,
 * `export` and multi-line values as every other tool reads them.
 */
export function readEnvFiles(spec: NodeSpec): EnvFiles {
  const env: Record<string, string> = {}
  for (const path of spec.envFiles) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      return {
        ok: false,
        diagnosis: {
          code: 'env-file-missing',
          problem:
            code === 'ENOENT'
              ? `${spec.name}'s env file ${path} does not exist.`
              : `${spec.name}'s env file ${path} cannot be read (${code ?? String(error)}).`,
          fix:
            code === 'ENOENT'
              ? 'Create it (one KEY=value per line), or remove it from envFile.'
              : 'Give it read permission for your user, or remove it from envFile.',
        },
      }
    }
    Object.assign(env, parse(text))
  }
  return { ok: true, env }
}

/** The variables a node gets from its env files; none when they cannot be read. */
export function envFileVariables(spec: NodeSpec): Record<string, string> {
  const read = readEnvFiles(spec)
  return read.ok ? read.env : {}
}
