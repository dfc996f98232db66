import type { NodeInspection } from '../../shared/domain/resources'
import type { ClusterManager } from '../supervisor/cluster-manager'
import { envFileVariables } from '../supervisor/lifecycle/env-files'
import { nodeEnvironment } from '../supervisor/lifecycle/spawn-node'
import { redactEnv, redactNodeSpec } from './redact'

/**
 * cd:node:inspect: what the inspector shows, secrets hidden as the editor's are. The
 * environment is what Cluster Desk gives the node on top of its own: PORT, NODE_NAME, its
 * env files and its `env` (the engine's inherited variables, PATH and the like, are left out).
 */
export function inspectNode(manager: ClusterManager, name: string): NodeInspection {
  const { spec } = manager.node(name)
  const { command, cwd } = redactNodeSpec(spec)
  const given = nodeEnvironment({ ...spec, env: { ...envFileVariables(spec), ...spec.env } }, {})
  return {
    node: name,
    command,
    cwd,
    env: redactEnv(given),
    processes: manager.resources.processes(name),
    history: manager.resources.history(name),
  }
}
