import type { NodeSort, StateFilter } from './node-order'
import type { ViewSettings } from './view-settings'

/** Cards or table, the order, and which nodes: above the node list. */
export function OverviewToolbar({
  settings,
  onChange,
  shown,
  total,
}: {
  settings: ViewSettings
  onChange: (change: Partial<ViewSettings>) => void
  shown: number
  total: number
}) {
  return (
    <div className="overview-toolbar">
      <button
        type="button"
        title="Switch between one card per node and one row per node"
        onClick={() => onChange({ view: settings.view === 'cards' ? 'table' : 'cards' })}
      >
        {settings.view === 'cards' ? 'Table' : 'Cards'}
      </button>
      <select
        aria-label="Sort nodes"
        value={settings.sort}
        onChange={(event) => onChange({ sort: event.target.value as NodeSort })}
      >
        <option value="defined">as defined</option>
        <option value="problems">problems first</option>
        <option value="name">by name</option>
      </select>
      <select
        aria-label="Show nodes"
        value={settings.state}
        onChange={(event) => onChange({ state: event.target.value as StateFilter })}
      >
        <option value="all">all nodes</option>
        <option value="problems">needing attention</option>
        <option value="failed">failed</option>
        <option value="running">running</option>
        <option value="stopped">stopped</option>
      </select>
      <input
        type="search"
        aria-label="Filter nodes by name"
        placeholder="Filter by name"
        value={settings.name}
        onChange={(event) => onChange({ name: event.target.value })}
      />
      <span className="muted" data-testid="shown-count">
        {shown === total ? `${total} nodes` : `${shown} of ${total}`}
      </span>
    </div>
  )
}
