import { useEffect, useState } from 'react'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import { countNodes } from '../../../shared/domain/count-nodes'
import type { ClusterApi, ClusterSummary } from '../../../shared/ipc/contract'
import type { useCommand } from '../state/use-command'

interface ClusterBarProps {
  api: ClusterApi
  snapshot: ClusterSnapshot
  /** The cluster's commands, shared with the keyboard shortcuts. */
  commands: ReturnType<typeof useCommand<ClusterSnapshot>>
  onStart: () => void
  onStop: () => void
  notifications: { enabled: boolean; toggle: () => Promise<void> }
  onEdit: () => void
}

export function ClusterBar(props: ClusterBarProps) {
  const { api, snapshot, commands, onStart, onStop, notifications, onEdit } = props
  const busy = commands.running
  const [clusters, setClusters] = useState<ClusterSummary[]>([])
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read the list when the cluster changes
  useEffect(() => {
    void api.listClusters().then((result) => result.ok && setClusters(result.value))
  }, [api, snapshot.name])

  const { healthy, outOf, completed, failed } = countNodes(snapshot.nodes)
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
      <button type="button" onClick={onEdit}>
        Edit cluster
      </button>
      <div className="summary" data-testid="summary" role="status">
        {healthy} of {outOf} healthy
        {completed > 0 ? ` · ${completed} completed` : ''}
        {failed > 0 ? ` · ${failed} failed` : ''}
        {snapshot.erlang && ` · mesh ${snapshot.erlang.formed ? 'formed' : 'not formed'}`}
      </div>
      <div className="cluster-actions">
        <label
          className="toggle"
          title="Desktop notifications when a node crashes, fails or turns unhealthy"
        >
          <input
            type="checkbox"
            checked={notifications.enabled}
            onChange={() => void notifications.toggle()}
          />
          notify
        </label>
        <button
          type="button"
          className="primary"
          data-action="start-cluster"
          title="Ctrl+Shift+S"
          disabled={busy !== undefined}
          onClick={onStart}
        >
          {busy === 'start' ? 'Starting…' : 'Start cluster'}
        </button>
        <button
          type="button"
          data-action="stop-cluster"
          title="Ctrl+Shift+X"
          disabled={busy !== undefined}
          onClick={onStop}
        >
          {busy === 'stop' ? 'Stopping…' : 'Stop cluster'}
        </button>
        <button
          type="button"
          disabled={busy !== undefined}
          onClick={() => void commands.run('restart', () => api.restartCluster())}
        >
          {busy === 'restart' ? 'Restarting…' : 'Restart cluster'}
        </button>
      </div>
    </header>
  )
}
