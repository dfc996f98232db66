import { useEffect, useState } from 'react'
import { formatBytes } from '../../../shared/cluster/sizes'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import { countNodes } from '../../../shared/domain/count-nodes'
import { totalResources } from '../../../shared/domain/resources'
import type { ClusterApi, ClusterSummary } from '../../../shared/ipc/contract'
import type { StateFilter } from '../overview/node-order'
import type { useCommand } from '../state/use-command'

interface ClusterBarProps {
  api: ClusterApi
  snapshot: ClusterSnapshot
  /** The cluster's commands, shared with the keyboard shortcuts. */
  commands: ReturnType<typeof useCommand<ClusterSnapshot>>
  onStart: () => void
  onStop: () => void
  notifications: { enabled: boolean; toggle: () => Promise<string | undefined> }
  /** Says what went wrong with a toggle, in the window's error banner. */
  onRefused: (message: string) => void
  onEdit: () => void
  /** The engine is out of reach: the figures are the last known, the buttons wait. */
  offline: boolean
  /** A part of the summary was clicked: show those nodes. */
  onFilter: (state: StateFilter) => void
}

export function ClusterBar(props: ClusterBarProps) {
  const { api, snapshot, commands, onStart, onStop, notifications, onEdit, offline, onRefused } =
    props
  const { onFilter } = props
  const { isRunning } = commands
  const [clusters, setClusters] = useState<ClusterSummary[]>([])
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read the list when the cluster changes
  useEffect(() => {
    void api.listClusters().then((result) => result.ok && setClusters(result.value))
  }, [api, snapshot.name])

  const { healthy, outOf, completed, failed, active } = countNodes(snapshot.nodes)
  const started = snapshot.nodes.filter((node) => node.autostart)
  const allUp =
    started.length > 0 && started.every((n) => n.state === 'running' || n.state === 'completed')
  return (
    <header className="cluster-bar">
      <div className="cluster-name">
        <span className="app-name">Cluster Desk</span>
        {clusters.length > 1 ? (
          <select
            aria-label="Cluster"
            value={snapshot.name}
            onChange={(event) =>
              void commands.run('switch', () => api.loadCluster(event.target.value))
            }
          >
            {clusters.map((cluster) => (
              <option key={cluster.name} value={cluster.name}>
                {cluster.name}
              </option>
            ))}
          </select>
        ) : (
          <strong data-testid="cluster-name">{snapshot.name}</strong>
        )}
      </div>
      <button type="button" onClick={onEdit} disabled={offline}>
        Edit cluster
      </button>
      <div className="summary" data-testid="summary" role="status">
        {/* Nothing running is a state, not a failure: it does not read "0 of 3 healthy". */}
        {active === 0 && failed === 0 ? (
          `stopped · ${snapshot.nodes.length} node${snapshot.nodes.length === 1 ? '' : 's'}`
        ) : healthy < outOf ? (
          <button
            type="button"
            className="linkish"
            title="Show the nodes that are not healthy"
            onClick={() => onFilter('problems')}
          >
            {healthy} of {outOf} healthy
          </button>
        ) : (
          `${healthy} of ${outOf} healthy`
        )}
        {completed > 0 ? ` · ${completed} completed` : ''}
        {failed > 0 && (
          <>
            {' · '}
            <button
              type="button"
              className="linkish"
              title="Show only the failed nodes"
              onClick={() => onFilter('failed')}
            >
              {failed} failed
            </button>
          </>
        )}
        {snapshot.erlang && ` · mesh ${snapshot.erlang.formed ? 'formed' : 'not formed'}`}
        {offline && <span className="stale"> last known</span>}
      </div>
      <ClusterTotals nodes={snapshot.nodes} />
      <fieldset className="commands cluster-actions" disabled={offline}>
        <label
          className="toggle"
          title="Desktop notifications when a node crashes, fails or turns unhealthy"
        >
          <input
            type="checkbox"
            checked={notifications.enabled}
            onChange={() =>
              void notifications.toggle().then((refused) => refused && onRefused(refused))
            }
          />
          notify
        </label>
        {/* Start leads only while there is something to start; Stop is always there to stop. */}
        <button
          type="button"
          className={allUp ? undefined : 'primary'}
          data-action="start-cluster"
          title="Ctrl+Shift+S"
          disabled={isRunning('start') || isRunning('restart')}
          onClick={onStart}
        >
          {isRunning('start') ? 'Starting…' : 'Start cluster'}
        </button>
        <button
          type="button"
          data-action="stop-cluster"
          title="Ctrl+Shift+X: also cancels starts still waiting"
          disabled={active === 0 && !isRunning('start')}
          onClick={onStop}
        >
          {isRunning('stop') ? 'Stopping…' : 'Stop cluster'}
        </button>
        <button
          type="button"
          data-action="restart-cluster"
          disabled={isRunning('restart')}
          onClick={() => void commands.run('restart', () => api.restartCluster())}
        >
          {isRunning('restart') ? 'Restarting…' : 'Restart cluster'}
        </button>
      </fieldset>
    </header>
  )
}

/** What the whole cluster costs now: CPU and memory summed over every running node's tree. */
function ClusterTotals({ nodes }: { nodes: ClusterSnapshot['nodes'] }) {
  const { cpuPercent, rssBytes, sampled } = totalResources(nodes)
  if (sampled === 0) return null
  return (
    <div className="totals muted" data-testid="totals" title="Summed over every running node">
      CPU {cpuPercent.toFixed(1)} % · {formatBytes(rssBytes)}
    </div>
  )
}
