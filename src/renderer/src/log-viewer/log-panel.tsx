import { useSyncExternalStore } from 'react'
import type { ExportFormat } from '../../../shared/ipc/contract'
import type { LogStore } from '../state/log-store'
import { LogViewer } from './log-viewer'

interface LogPanelProps {
  store: LogStore
  nodes: string[]
  selected: string | undefined
  onSelect: (node: string | undefined) => void
  colourOf: (node: string) => string
  timestamps: boolean
  onTimestamps: (on: boolean) => void
  /** Without a node: all nodes' logs in one file. */
  onExport: (node: string | undefined, format: ExportFormat, ansi: 'keep' | 'strip') => void
}

/**
 * The tabs and the viewer of the chosen log. It alone listens to the log store, so a flood
 * redraws this panel, never the node cards.
 */
export function LogPanel({
  store,
  nodes,
  selected,
  onSelect,
  colourOf,
  onExport,
  timestamps,
  onTimestamps,
}: LogPanelProps) {
  useSyncExternalStore(store.subscribe, () =>
    selected ? store.get(selected).version : store.all.version,
  )
  const log = selected ? store.get(selected) : store.all
  return (
    <section className="logs" aria-label="Logs">
      <div className="log-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={selected === undefined}
          onClick={() => onSelect(undefined)}
        >
          All nodes
        </button>
        {nodes.map((node) => (
          <button
            type="button"
            role="tab"
            key={node}
            aria-selected={selected === node}
            onClick={() => onSelect(node)}
            style={{ borderBottomColor: colourOf(node) }}
          >
            {node}
          </button>
        ))}
      </div>
      <LogViewer
        key={selected ?? '*all*'}
        lines={log.lines}
        version={log.version}
        dropped={log.dropped}
        nodeColour={selected === undefined ? colourOf : undefined}
        onClear={() => store.clear(selected)}
        timestamps={timestamps}
        onTimestamps={onTimestamps}
        onExport={(format, ansi) => onExport(selected, format, ansi)}
      />
    </section>
  )
}
