import { type ReactNode, useState, useSyncExternalStore } from 'react'
import type { ExportFormat } from '../../../shared/ipc/contract'
import type { LogStore } from '../state/log-store'
import { LogViewer } from './log-viewer'
import { ALL_TABS_UP_TO, NodePicker } from './node-picker'

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
  /** Shown in an empty log: what to do to see something. */
  empty?: ReactNode
  /** Nodes kept one click away in a large cluster. */
  pinned: string[]
  onPinned: (pinned: string[]) => void
}

/**
 * The node picker and the viewer of the chosen log. It alone listens to the log store, so a flood
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
  empty,
  pinned,
  onPinned,
}: LogPanelProps) {
  const [muted, setMuted] = useState<ReadonlySet<string>>(new Set())
  useSyncExternalStore(store.subscribe, () =>
    selected ? store.get(selected).version : store.all.version,
  )
  const log = selected ? store.get(selected) : store.all
  return (
    <section className="logs" aria-label="Logs">
      <NodePicker
        nodes={nodes}
        selected={selected}
        onSelect={onSelect}
        colourOf={colourOf}
        pinned={pinned}
        onPinned={onPinned}
      />
      {selected === undefined && nodes.length > 1 && (
        <MuteChoices nodes={nodes} muted={muted} onMuted={setMuted} colourOf={colourOf} />
      )}
      <LogViewer
        key={selected ?? '*all*'}
        lines={log.lines}
        version={log.version}
        dropped={log.dropped}
        nodeColour={selected === undefined ? colourOf : undefined}
        hiddenNodes={selected === undefined ? muted : undefined}
        empty={empty}
        onClear={() => store.clear(selected)}
        timestamps={timestamps}
        onTimestamps={onTimestamps}
        onExport={(format, ansi) => onExport(selected, format, ansi)}
      />
    </section>
  )
}

/**
 * A checkbox per node: unticked, its lines leave All nodes. In a large cluster they fold
 * away behind one line that says how many are muted.
 */
function MuteChoices(props: {
  nodes: string[]
  muted: ReadonlySet<string>
  onMuted: (muted: ReadonlySet<string>) => void
  colourOf: (node: string) => string
}) {
  const { nodes, muted, onMuted, colourOf } = props
  const choices = (
    <fieldset className="log-mutes" aria-label="Nodes shown in All nodes">
      <span className="muted">show</span>
      {nodes.map((node) => (
        <label key={node} className="toggle" style={{ color: colourOf(node) }}>
          <input
            type="checkbox"
            checked={!muted.has(node)}
            aria-label={`show ${node} in All nodes`}
            onChange={() => {
              const next = new Set(muted)
              if (next.has(node)) next.delete(node)
              else next.add(node)
              onMuted(next)
            }}
          />
          {node}
        </label>
      ))}
    </fieldset>
  )
  if (nodes.length <= ALL_TABS_UP_TO) return choices
  return (
    <details className="log-mutes-folded">
      <summary>
        {muted.size === 0 ? 'Mute nodes in All nodes' : `${muted.size} of ${nodes.length} muted`}
      </summary>
      {choices}
    </details>
  )
}
