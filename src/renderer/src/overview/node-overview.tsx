import { Fragment } from 'react'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import { conditionState } from '../../../shared/domain/dependency-conditions'
import type { ErlangMesh } from '../../../shared/domain/erlang'
import type { Dependency, NodeSnapshot } from '../../../shared/domain/node'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/result'
import { GroupHeader } from '../components/group-header'
import { MeshPanel } from '../components/mesh-panel'
import { NodeCard } from '../components/node-card'
import { matchesName, matchesState, sortNodes } from './node-order'
import { NodeTable } from './node-table'
import { OverviewToolbar } from './overview-toolbar'
import { useResourceTrails } from './resource-trails'
import type { ViewSettings } from './view-settings'

/** What `node` depends on that does not hold now. */
function unmetDependencies(node: NodeSnapshot, nodes: NodeSnapshot[]): Dependency[] {
  return node.dependsOn.filter((dependency) => {
    const other = nodes.find((candidate) => candidate.name === dependency.node)
    return other !== undefined && !conditionState(other, dependency).holds
  })
}

interface NodeOverviewProps {
  api: ClusterApi
  snapshot: ClusterSnapshot
  mesh: ErlangMesh | undefined
  now: number
  offline: boolean
  settings: ViewSettings
  onSettings: (change: Partial<ViewSettings>) => void
  onInspect: (node: string) => void
  onNodeResult: (result: IpcResult<NodeSnapshot>) => void
  onMeshResult: (result: IpcResult<ErlangMesh>) => void
  onClusterResult: (result: IpcResult<ClusterSnapshot>) => void
}

/**
 * The cluster's nodes, as cards or as a table, sorted and filtered as the user chose: the
 * left side of the window.
 */
export function NodeOverview(props: NodeOverviewProps) {
  const { api, snapshot, mesh, now, offline, settings, onSettings } = props
  const trails = useResourceTrails(snapshot.nodes)
  const shown = sortNodes(
    snapshot.nodes.filter(
      (node) => matchesState(node, settings.state) && matchesName(node.name, settings.name),
    ),
    settings.sort,
  )
  const select = (node: string) => onSettings({ picked: node })
  return (
    <section className="nodes" aria-label="Nodes">
      <OverviewToolbar
        settings={settings}
        onChange={onSettings}
        shown={shown.length}
        total={snapshot.nodes.length}
      />
      {/* Commands wait for the engine: a disabled fieldset disables every button in it. */}
      <fieldset className="commands" disabled={offline}>
        {mesh && <MeshPanel mesh={mesh} />}
        {settings.view === 'table' ? (
          <NodeTable
            api={api}
            nodes={shown}
            now={now}
            selected={settings.picked}
            onSelect={select}
            onOpenLog={select}
            onInspect={props.onInspect}
            onResult={props.onNodeResult}
            trails={trails}
          />
        ) : (
          shown.map((node, index) => (
            <Fragment key={node.name}>
              {node.group && shown[index - 1]?.group !== node.group && (
                <GroupHeader
                  api={api}
                  group={node.group}
                  replicas={snapshot.nodes.filter((n) => n.group === node.group).length}
                  onResult={props.onClusterResult}
                />
              )}
              <NodeCard
                api={api}
                node={node}
                now={now}
                selected={node.name === settings.picked}
                onSelect={() => select(node.name)}
                onResult={props.onNodeResult}
                erlang={mesh?.nodes.find((status) => status.name === node.name)}
                onMeshResult={props.onMeshResult}
                unmet={unmetDependencies(node, snapshot.nodes)}
                stale={offline}
                onInspect={() => props.onInspect(node.name)}
              />
            </Fragment>
          ))
        )}
        {shown.length === 0 && (
          <p className="muted">
            No node matches.{' '}
            <button type="button" onClick={() => onSettings({ state: 'all', name: '' })}>
              Show all {snapshot.nodes.length}
            </button>
          </p>
        )}
      </fieldset>
    </section>
  )
}
