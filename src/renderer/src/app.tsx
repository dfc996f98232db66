import { useEffect, useState } from 'react'
import type { ClusterSnapshot } from '../../shared/domain/cluster'
import { countNodes } from '../../shared/domain/count-nodes'
import type { ErlangMesh } from '../../shared/domain/erlang'
import type { NodeSnapshot } from '../../shared/domain/node'
import type { ClusterApi, ExportFormat } from '../../shared/ipc/contract'
import type { IpcResult } from '../../shared/ipc/result'
import { ClusterBar } from './components/cluster-bar'
import { Connecting, ConnectionBanner } from './components/connection-banner'
import { ClusterEditor } from './editor/cluster-editor'
import { LogPanel } from './log-viewer/log-panel'
import { Inspector } from './overview/inspector'
import { nodeColour } from './overview/node-colours'
import { NodeOverview } from './overview/node-overview'
import { useViewSettings } from './overview/view-settings'
import { useClusterSnapshot } from './state/cluster-store'
import { useConnection } from './state/connection-store'
import { useMesh } from './state/mesh-store'
import type { Stores } from './state/stores'
import { useCommand } from './state/use-command'
import { useDarkTheme } from './state/use-dark-theme'
import { useNodeAlerts } from './state/use-node-alerts'
import { useNow } from './state/use-now'
import { usePreferences } from './state/use-preferences'
import { useShortcuts } from './state/use-shortcuts'

/** How long a notice (an export saved) stays before it goes by itself. */
const NOTICE_MS = 8000

export function App({ api, stores }: { api: ClusterApi; stores: Stores }) {
  const { cluster: clusterStore, logs: logStore, mesh: meshStore } = stores
  const snapshot = useClusterSnapshot(clusterStore)
  const mesh = useMesh(meshStore)
  const connection = useConnection(stores.connection)
  const offline = connection.state !== 'connected'
  const clockNow = useNow()
  // While offline, uptimes and countdowns stand still at the moment the engine was lost.
  const now = offline && snapshot ? connection.since : clockNow
  const [view, changeView] = useViewSettings(snapshot?.name ?? '')
  const known = (node: string | undefined) => snapshot?.nodes.some((n) => n.name === node)
  const selected = known(view.picked) ? view.picked : undefined
  const [inspecting, setInspecting] = useState<string | undefined>()
  const dark = useDarkTheme()
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [editing, setEditing] = useState(false)
  const showError = (result: IpcResult<unknown>) => {
    if (result.ok) return setError(undefined)
    setError(`${result.error.message} ${result.error.fix}`)
  }
  const [preferences, setPreferences] = usePreferences(api, !offline)
  const notifications = useNodeAlerts(snapshot, preferences.notifications, (on) =>
    setPreferences({ notifications: on }),
  )
  const onClusterResult = (result: IpcResult<ClusterSnapshot>) => {
    showError(result)
    if (result.ok) clusterStore.set(result.value)
  }
  const clusterCommands = useCommand(onClusterResult)
  const startCluster = () => void clusterCommands.run('start', () => api.startCluster())
  const stopCluster = () => void clusterCommands.run('stop', () => api.stopCluster())
  useShortcuts({
    startCluster: () => !offline && !clusterCommands.isRunning('start') && startCluster(),
    stopCluster: () => !offline && stopCluster(),
    focusSearch: () => document.getElementById('log-search')?.focus(),
    showNode: (index) =>
      changeView({ picked: index === 0 ? undefined : snapshot?.nodes[index - 1]?.name }),
  })

  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => setNotice(undefined), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice])

  // Each cluster's buffered output is read once; batches keep it current from then on.
  const clusterName = snapshot?.name
  // biome-ignore lint/correctness/useExhaustiveDependencies: the node list is read when the cluster changes
  useEffect(() => {
    const nodes = snapshot?.nodes.map((node) => node.name) ?? []
    if (clusterName) logStore.loadClusterOnce(clusterName, nodes)
  }, [clusterName, logStore])

  if (!snapshot) return <Connecting connection={connection} now={clockNow} />

  const colourOf = (node: string) =>
    nodeColour(
      Math.max(
        0,
        snapshot.nodes.findIndex((n) => n.name === node),
      ),
      dark,
    )
  const onNodeResult = (result: IpcResult<NodeSnapshot>) => {
    showError(result)
    if (result.ok) clusterStore.patchNode(result.value)
  }
  const onMeshResult = (result: IpcResult<ErlangMesh>) => {
    showError(result)
    if (result.ok) meshStore.set(result.value)
  }
  const exportLog = async (
    node: string | undefined,
    format: ExportFormat,
    ansi: 'keep' | 'strip',
  ) => {
    const result = await api.exportLogs(
      node === undefined ? { format, ansi } : { node, format, ansi },
    )
    showError(result)
    if (!result.ok || result.value.outcome === 'cancelled') return
    const { lines, fileName, savedTo } = result.value
    setNotice(
      `Saved ${lines} lines of ${node ?? 'all nodes'} as ${savedTo ?? `${fileName} (your downloads folder)`}.`,
    )
  }
  return (
    <div className={`app${offline ? ' offline' : ''}`}>
      {editing && (
        <ClusterEditor
          api={api}
          snapshot={snapshot}
          onClose={() => setEditing(false)}
          onSaved={setNotice}
        />
      )}
      <ConnectionBanner
        connection={connection}
        now={clockNow}
        onRetry={stores.connection.retryNow}
      />
      <ClusterBar
        offline={offline}
        onRefused={setError}
        onFilter={(state) => changeView({ state, name: '' })}
        api={api}
        snapshot={snapshot}
        notifications={notifications}
        onEdit={() => setEditing(true)}
        commands={clusterCommands}
        onStart={startCluster}
        onStop={stopCluster}
      />
      {error && (
        <div className="banner error" role="alert">
          {error}
          <button type="button" onClick={() => setError(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="banner notice" role="status" data-testid="notice">
          {notice}
          <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <main className={view.view === 'table' ? 'table-view' : undefined}>
        <NodeOverview
          api={api}
          snapshot={snapshot}
          mesh={mesh}
          now={now}
          offline={offline}
          settings={view}
          onSettings={changeView}
          onInspect={setInspecting}
          onNodeResult={onNodeResult}
          onMeshResult={onMeshResult}
          onClusterResult={onClusterResult}
        />
        <div className="right-side">
          {inspecting && snapshot.nodes.some((n) => n.name === inspecting) && (
            <Inspector api={api} node={inspecting} onClose={() => setInspecting(undefined)} />
          )}
          <LogPanel
            timestamps={preferences.timestamps}
            onTimestamps={(on) => setPreferences({ timestamps: on })}
            store={logStore}
            nodes={snapshot.nodes.map((node) => node.name)}
            selected={selected}
            onSelect={(node) => changeView({ picked: node })}
            colourOf={colourOf}
            onExport={(node, format, ansi) => void exportLog(node, format, ansi)}
            empty={
              countNodes(snapshot.nodes).active === 0 ? (
                <>
                  <p>
                    {snapshot.name} is stopped. Its nodes' output shows here as soon as they start.
                  </p>
                  <button
                    type="button"
                    className="primary"
                    disabled={offline || clusterCommands.isRunning('start')}
                    onClick={startCluster}
                  >
                    Start the cluster
                  </button>
                </>
              ) : (
                <p>No output yet.</p>
              )
            }
            pinned={view.pinned}
            onPinned={(pinned) => changeView({ pinned })}
          />
        </div>
      </main>
    </div>
  )
}
