import { type KeyboardEvent, useState } from 'react'
import { formatDuration } from '../../../shared/cluster/durations'
import { formatBytes } from '../../../shared/cluster/sizes'
import { ACTIVE_STATES } from '../../../shared/domain/count-nodes'
import type { NodeSnapshot } from '../../../shared/domain/node'
import type { ResourceSample } from '../../../shared/domain/resources'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/result'
import { badgeOf, StateBadge } from '../components/state-badge'
import { useCommand } from '../state/use-command'
import { Sparkline } from './sparkline'

interface NodeTableProps {
  api: ClusterApi
  /** Already filtered and sorted. */
  nodes: NodeSnapshot[]
  now: number
  selected: string | undefined
  onSelect: (node: string) => void
  /** Enter on a row: show the node's log. */
  onOpenLog: (node: string) => void
  onInspect: (node: string) => void
  onResult: (result: IpcResult<NodeSnapshot>) => void
  trails: Map<string, ResourceSample[]>
}

/** Width of each sparkline: with a scrollbar beside it, the table still fits its side. */
const TRAIL_PX = 48

/** Rows of one replica group shown together, or one summary row while collapsed. */
type Entry = { group: string; nodes: NodeSnapshot[] } | { node: NodeSnapshot }

function entriesOf(nodes: NodeSnapshot[], collapsed: ReadonlySet<string>): Entry[] {
  const entries: Entry[] = []
  const seenGroups = new Set<string>()
  for (const node of nodes) {
    if (node.group && collapsed.has(node.group)) {
      if (seenGroups.has(node.group)) continue
      seenGroups.add(node.group)
      entries.push({ group: node.group, nodes: nodes.filter((n) => n.group === node.group) })
    } else entries.push({ node })
  }
  return entries
}

/** "web ×3: 2 healthy, 1 failed". */
function groupSummary(group: string, nodes: NodeSnapshot[]): string {
  const counts = new Map<string, number>()
  for (const node of nodes) counts.set(badgeOf(node), (counts.get(badgeOf(node)) ?? 0) + 1)
  const parts = [...counts].map(([badge, count]) => `${count} ${badge}`)
  return `${group} ×${nodes.length}: ${parts.join(', ')}`
}

/**
 * One row per node: at 1280×800 more than 25 fit on a screen. Arrows move between rows,
 * Enter shows the node's log, s, x and r start, stop and restart it. A replica group can
 * collapse into one summary row.
 */
export function NodeTable(props: NodeTableProps) {
  const { api, nodes, selected, onSelect, onOpenLog, onResult } = props
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const keyboard = useCommand(onResult)
  const toggle = (group: string) => {
    const next = new Set(collapsed)
    if (next.has(group)) next.delete(group)
    else next.add(group)
    setCollapsed(next)
  }
  const entries = entriesOf(nodes, collapsed)
  const rowNodes = entries.flatMap((entry) => ('node' in entry ? [entry.node] : []))

  const onKey = (event: KeyboardEvent) => {
    const index = rowNodes.findIndex((node) => node.name === selected)
    const move = (by: number) => {
      const next = rowNodes[Math.max(0, Math.min(rowNodes.length - 1, index + by))]
      if (next) onSelect(next.name)
    }
    const node = rowNodes[index]
    const act: Record<string, (() => Promise<IpcResult<NodeSnapshot>>) | undefined> = {
      s: node && (() => api.startNode(node.name)),
      x: node && (() => api.stopNode(node.name)),
      r: node && (() => api.restartNode(node.name)),
    }
    if (event.key === 'ArrowDown') move(1)
    else if (event.key === 'ArrowUp') move(index < 0 ? 1 : -1)
    else if (event.key === 'Enter' && node) onOpenLog(node.name)
    else if (act[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey)
      void keyboard.run(event.key, act[event.key]!)
    else return
    event.preventDefault()
  }

  return (
    <table
      className="node-table"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the table takes the arrow keys and s, x, r
      tabIndex={0}
      onKeyDown={onKey}
      aria-label="Nodes, one per row: arrows to move, Enter for the log, s x r to start, stop, restart"
    >
      <thead>
        <tr>
          <th>state</th>
          <th>node</th>
          <th>port</th>
          <th>pid</th>
          <th>uptime</th>
          <th title="restarts">↻</th>
          <th>CPU</th>
          <th>memory</th>
          <th>last minute</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) =>
          'node' in entry ? (
            <NodeRow
              key={entry.node.name}
              {...props}
              node={entry.node}
              isSelected={entry.node.name === selected}
              onToggleGroup={entry.node.group ? () => toggle(entry.node.group!) : undefined}
            />
          ) : (
            <tr key={`group-${entry.group}`} className="group-row" data-group={entry.group}>
              <td colSpan={10}>
                <button type="button" className="inline" onClick={() => toggle(entry.group)}>
                  ▸ {groupSummary(entry.group, entry.nodes)}
                </button>
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  )
}

function NodeRow(
  props: NodeTableProps & {
    node: NodeSnapshot
    isSelected: boolean
    onToggleGroup: (() => void) | undefined
  },
) {
  const { api, node, now, isSelected, onSelect, onInspect, onResult, trails, onToggleGroup } = props
  const commands = useCommand(onResult)
  const trail = trails.get(node.name) ?? []
  const used = node.resources
  const active = ACTIVE_STATES.has(node.state)
  return (
    <tr
      className={isSelected ? 'selected' : undefined}
      data-node={node.name}
      data-state={node.state}
      aria-selected={isSelected}
      onClick={() => onSelect(node.name)}
    >
      <td>
        <StateBadge node={node} />
      </td>
      <td className="name">
        {onToggleGroup && (
          <button
            type="button"
            className="inline"
            aria-label={`Collapse ${node.group}`}
            onClick={(event) => {
              event.stopPropagation()
              onToggleGroup()
            }}
          >
            ▾
          </button>
        )}
        {node.name}
      </td>
      <td>
        {node.url ? (
          <a href={node.url} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
            {node.port}
          </a>
        ) : (
          '–'
        )}
      </td>
      <td>{node.pid ?? '–'}</td>
      <td>
        {node.state === 'running' && node.startedAt ? formatDuration(now - node.startedAt) : '–'}
      </td>
      <td>{node.restarts}</td>
      <td data-testid="cpu">{used ? `${used.cpuPercent.toFixed(1)} %` : '–'}</td>
      <td data-testid="memory">{used ? formatBytes(used.rssBytes) : '–'}</td>
      <td className="trail">
        <Sparkline
          values={trail.map((sample) => sample.cpuPercent)}
          ceiling={100}
          width={TRAIL_PX}
          label={`${node.name} CPU over the last minute`}
        />
        <Sparkline
          values={trail.map((sample) => sample.rssBytes)}
          width={TRAIL_PX}
          label={`${node.name} memory over the last minute`}
        />
      </td>
      <td className="row-actions">
        <button
          type="button"
          title={active ? 'Stop' : 'Start'}
          aria-label={`${active ? 'Stop' : 'Start'} ${node.name}`}
          onClick={(event) => {
            event.stopPropagation()
            void commands.run(active ? 'stop' : 'start', () =>
              active ? api.stopNode(node.name) : api.startNode(node.name),
            )
          }}
        >
          {active ? '■' : '▶'}
        </button>
        <button
          type="button"
          title="Restart"
          aria-label={`Restart ${node.name}`}
          disabled={commands.isRunning('restart')}
          onClick={(event) => {
            event.stopPropagation()
            void commands.run('restart', () => api.restartNode(node.name))
          }}
        >
          ↻
        </button>
        <button
          type="button"
          title="Inspect: its processes, CPU and memory"
          aria-label={`Inspect ${node.name}`}
          onClick={(event) => {
            event.stopPropagation()
            onInspect(node.name)
          }}
        >
          i
        </button>
      </td>
    </tr>
  )
}
