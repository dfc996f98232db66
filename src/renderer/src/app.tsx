import { useMemo, useState } from 'react'
import type { NodeSnapshot } from '../../shared/domain/node'
import type { ClusterApi, ExportFormat } from '../../shared/ipc/contract'
import type { IpcResult } from '../../shared/ipc/result'
import { ClusterBar } from './components/cluster-bar'
import { NodeCard } from './components/node-card'
import { ClusterEditor } from './editor/cluster-editor'
import { LogPanel } from './log-viewer/log-panel'
import { ClusterStore, useClusterSnapshot } from './state/cluster-store'
import { LogStore } from './state/log-store'
import { useNodeAlerts } from './state/use-node-alerts'
import { useNow } from './state/use-now'
import { usePreferences } from './state/use-preferences'
import { useShortcuts } from './state/use-shortcuts'

const NODE_COLOURS = ['#2f6fd6', '#3ea24b', '#b5701a', '#a43ea4', '#1f9aa4', '#cc3e3e']

export function App({ api }: { api: ClusterApi }) {
  const clusterStore = useMemo(() => new ClusterStore(api), [api])
  const logStore = useMemo(() => new LogStore(api), [api])
  const snapshot = useClusterSnapshot(clusterStore)
  const now = useNow()
  const [selected, setSelected] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [editing, setEditing] = useState(false)
  const [preferences, setPreferences] = usePreferences(api)
  const notifications = useNodeAlerts(snapshot, preferences.notifications, (on) =>
    setPreferences({ notifications: on }),
  )
  const press = (action: string) =>
    document.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)?.click()
  useShortcuts({
    startCluster: () => press('start-cluster'),
    stopCluster: () => press('stop-cluster'),
    focusSearch: () => document.getElementById('log-search')?.focus(),
    showNode: (index) => setSelected(index === 0 ? undefined : snapshot?.nodes[index - 1]?.name),
  })

  // Each cluster's buffered output is read once; batches keep it current from then on.
  const loadedClusters = useMemo(() => new Set<string>(), [])
  if (snapshot && !loadedClusters.has(snapshot.name)) {
    loadedClusters.add(snapshot.name)
    void logStore.loadAll(snapshot.nodes.map((node) => node.name))
  }

  if (!snapshot) return <div className="loading">Connecting to Cluster Desk…</div>

  const colourOf = (node: string) =>
    NODE_COLOURS[snapshot.nodes.findIndex((n) => n.name === node) % NODE_COLOURS.length] ??
    NODE_COLOURS[0]!
  const showError = (result: IpcResult<unknown>) => {
    if (result.ok) return setError(undefined)
    setError(`${result.error.message} ${result.error.fix}`)
  }
  const onNodeResult = (result: IpcResult<NodeSnapshot>) => {
    showError(result)
    if (result.ok) clusterStore.patchNode(result.value)
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
    <div className="app">
      {editing && <ClusterEditor api={api} snapshot={snapshot} onClose={() => setEditing(false)} />}
      <ClusterBar
        api={api}
        snapshot={snapshot}
        notifications={notifications}
        onEdit={() => setEditing(true)}
        onResult={(result) => {
          showError(result)
          if (result.ok) clusterStore.set(result.value)
        }}
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
      <main>
        <section className="nodes" aria-label="Nodes">
          {snapshot.nodes.map((node) => (
            <NodeCard
              key={node.name}
              api={api}
              node={node}
              now={now}
              selected={node.name === selected}
              onSelect={() => setSelected(node.name)}
              onResult={onNodeResult}
            />
          ))}
        </section>
        <LogPanel
          timestamps={preferences.timestamps}
          onTimestamps={(on) => setPreferences({ timestamps: on })}
          store={logStore}
          nodes={snapshot.nodes.map((node) => node.name)}
          selected={selected}
          onSelect={setSelected}
          colourOf={colourOf}
          onExport={(node, format, ansi) => void exportLog(node, format, ansi)}
        />
      </main>
    </div>
  )
}
