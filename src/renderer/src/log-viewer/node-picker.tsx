import { useState } from 'react'
import { matchesName } from '../overview/node-order'

/** Clusters this small show every node as a tab, as before; larger ones pin a few. */
export const ALL_TABS_UP_TO = 8
const SHOWN_MATCHES = 12

interface NodePickerProps {
  nodes: string[]
  selected: string | undefined
  onSelect: (node: string | undefined) => void
  colourOf: (node: string) => string
  pinned: string[]
  onPinned: (pinned: string[]) => void
}

/**
 * Which log to show: "All nodes", the pinned nodes (every node, in a small cluster) and the
 * node shown now as tabs, and a box that finds any node as you type ("37" finds node37).
 */
export function NodePicker(props: NodePickerProps) {
  const { nodes, selected, onSelect, colourOf, pinned, onPinned } = props
  const [typed, setTyped] = useState('')
  const small = nodes.length <= ALL_TABS_UP_TO
  const tabs = small
    ? nodes
    : [
        ...pinned.filter((n) => nodes.includes(n)),
        ...(selected && !pinned.includes(selected) ? [selected] : []),
      ]
  const matches = typed.trim() === '' ? [] : nodes.filter((node) => matchesName(node, typed))
  const choose = (node: string) => {
    onSelect(node)
    setTyped('')
  }
  return (
    <div className="log-tabs">
      <div role="tablist" className="tab-strip">
        <button
          type="button"
          role="tab"
          aria-selected={selected === undefined}
          onClick={() => onSelect(undefined)}
        >
          All nodes
        </button>
        {tabs.map((node) => (
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
      {!small && selected && (
        <button
          type="button"
          className="inline"
          aria-label={pinned.includes(selected) ? `Unpin ${selected}` : `Pin ${selected}`}
          onClick={() =>
            onPinned(
              pinned.includes(selected)
                ? pinned.filter((n) => n !== selected)
                : [...pinned, selected].slice(-8),
            )
          }
        >
          {pinned.includes(selected) ? 'unpin' : 'pin'}
        </button>
      )}
      <div className="picker">
        <input
          type="search"
          aria-label="Find a node's log"
          placeholder={`Find a node (${nodes.length})`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && matches[0]) choose(matches[0])
            if (event.key === 'Escape') setTyped('')
          }}
        />
        {matches.length > 0 && (
          <ul className="picker-list" aria-label="Matching nodes">
            {matches.slice(0, SHOWN_MATCHES).map((node) => (
              <li key={node}>
                <button type="button" onClick={() => choose(node)}>
                  <span className="swatch" style={{ background: colourOf(node) }} />
                  {node}
                </button>
              </li>
            ))}
            {matches.length > SHOWN_MATCHES && (
              <li className="muted">
                {matches.length - SHOWN_MATCHES} more: type more of the name
              </li>
            )}
          </ul>
        )}
      </div>
    </div>
  )
}
