import { execa } from 'execa'
import type { NodeSpec } from '../../../shared/domain/node'
import { TREE_MARK_VARIABLE } from '../process/tree-marks'

export type NodeChild = ReturnType<typeof spawnNode>

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
 */
export function spawnNode(spec: NodeSpec, baseEnv: NodeJS.ProcessEnv, mark?: string) {
  const child = execa(spec.command, {
    shell: true,
    cwd: spec.cwd,
    env: nodeEnvironment(spec, baseEnv, mark),
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    buffer: false,
    encoding: 'buffer',
    stripFinalNewline: false,
    reject: false,
    // The engine owns the lifetime of its nodes: its own stop and its own cleanup.
    cleanup: false,
    forceKillAfterDelay: false,
    windowsHide: true,
  })
  // Results are read from events; the promise must not become an unhandled rejection.
  child.catch(() => {})
  return child
}
