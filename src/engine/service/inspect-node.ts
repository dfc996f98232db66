import type { NodeInspection } from '../../shared/domain/resources'
import type { ClusterManager } from '../supervisor/cluster-manager'
import { redactNodeSpec } from './redact'

/** cd:node:inspect: what the inspector shows, its secrets hidden as the editor's are. */
export function inspectNode(manager: ClusterManager, name: string): NodeInspection {
  const { command, cwd, env } = redactNodeSpec(manager.node(name).spec)
  return {
    node: name,
    command,
    cwd,
    env,
    processes: manager.resources.processes(name),
    history: manager.resources.history(name),
  }
}
