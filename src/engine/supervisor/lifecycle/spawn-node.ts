import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import type { NodeSpec } from '../../../shared/domain/node'
import { TREE_MARK_VARIABLE } from '../process/tree-marks'

export type NodeChild = ChildProcessByStdio<null, Readable, Readable>

/**
 * The environment a node runs with: ours, then its identity, then what its spec asks for, and
 * last the tree mark (when given), which a spec cannot override.
 */
export function nodeEnvironment(
  spec: NodeSpec,
  base: NodeJS.ProcessEnv,
  mark?: string,
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value
  env.NODE_NAME = spec.name
  env.CLUSTER_DESK_NODE = spec.name
  if (spec.port !== null) env.PORT = String(spec.port)
  return { ...env, ...spec.env, ...(mark ? { [TREE_MARK_VARIABLE]: mark } : {}) }
}

/**
 * Starts a node's command line through the shell, like a Procfile line, as the leader of a new
 * process group so a stop can reach every process it starts. Output is left as raw bytes on
 * the child's pipes (no buffering, no decoding here); stdin is closed so nothing waits on it.
 * Node's own spawn, not a wrapper: a restart storm spawns hundreds of times a second, and the
 * engine owns everything a wrapper would add (waiting, killing, cleaning up).
 *
 * A spawn the system refuses outright (E2BIG) throws; one that fails later (the shell
 * missing, EAGAIN) has no pid and emits 'error'. Both come back as `refused`.
 */
export async function spawnNode(
  spec: NodeSpec,
  baseEnv: NodeJS.ProcessEnv,
  mark?: string,
): Promise<{ child: NodeChild } | { refused: { code?: string; message: string } }> {
  let child: NodeChild
  try {
    child = spawn(spec.command, {
      shell: true,
      cwd: spec.cwd,
      env: nodeEnvironment(spec, baseEnv, mark),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    return { refused: { code, message } }
  }
  if (child.pid === undefined) {
    const [error] = (await once(child, 'error')) as [NodeJS.ErrnoException]
    return { refused: { code: error.code, message: error.message } }
  }
  // Errors after the start (a signal that could not be sent) are handled where they happen.
  child.on('error', () => {})
  return { child }
}
