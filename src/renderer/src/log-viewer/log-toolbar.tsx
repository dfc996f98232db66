import { useState } from 'react'
import type { LogStream } from '../../../shared/domain/node'
import type { ExportFormat } from '../../../shared/ipc/contract'

export const STREAMS: LogStream[] = ['stdout', 'stderr', 'system']

export interface LogToolbarProps {
  streams: ReadonlySet<LogStream>
  onStreams: (streams: Set<LogStream>) => void
  query: string
  onQuery: (query: string) => void
  /** "3/17", or nothing without a search. */
  matchLabel: string
  hasMatches: boolean
  onMatch: (step: 1 | -1) => void
  onlyMatching: boolean
  onOnlyMatching: (on: boolean) => void
  timestamps: boolean
  onTimestamps: (on: boolean) => void
  wrap: boolean
  onWrap: (on: boolean) => void
  copied: boolean
  onCopy: () => void
  onClear: () => void
  onExport?: (format: ExportFormat, ansi: 'keep' | 'strip') => void
}

/** The log's controls: streams, search, display, copy, clear and export. */
export function LogToolbar(props: LogToolbarProps) {
  const [exportFormat, setExportFormat] = useState<ExportFormat>('text')
  const [keepAnsi, setKeepAnsi] = useState(false)
  const { streams, onStreams, query, onQuery, onExport } = props
  return (
    <div className="log-toolbar">
      {STREAMS.map((stream) => (
        <label key={stream} className="toggle">
          <input
            type="checkbox"
            checked={streams.has(stream)}
            onChange={() => {
              const next = new Set(streams)
              if (next.has(stream)) next.delete(stream)
              else next.add(stream)
              onStreams(next)
            }}
          />
          {stream}
        </label>
      ))}
      <input
        className="log-search"
        id="log-search"
        type="search"
        placeholder="Search"
        aria-label="Search the log"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') props.onMatch(event.shiftKey ? -1 : 1)
        }}
      />
      <span className="log-matches" data-testid="match-count">
        {props.matchLabel}
      </span>
      <button
        type="button"
        onClick={() => props.onMatch(-1)}
        disabled={!props.hasMatches}
        aria-label="Previous match"
      >
        ↑
      </button>
      <button
        type="button"
        onClick={() => props.onMatch(1)}
        disabled={!props.hasMatches}
        aria-label="Next match"
      >
        ↓
      </button>
      <label className="toggle" title="Show only the lines that match the search">
        <input
          type="checkbox"
          checked={props.onlyMatching}
          onChange={() => props.onOnlyMatching(!props.onlyMatching)}
        />
        only matching
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={props.timestamps}
          onChange={() => props.onTimestamps(!props.timestamps)}
        />
        time
      </label>
      <label className="toggle">
        <input type="checkbox" checked={props.wrap} onChange={() => props.onWrap(!props.wrap)} />
        wrap
      </label>
      <button type="button" onClick={props.onCopy} title="Copy the lines shown, as plain text">
        {props.copied ? 'Copied' : 'Copy'}
      </button>
      <button type="button" onClick={props.onClear}>
        Clear
      </button>
      {onExport && (
        <>
          <select
            aria-label="Export format"
            value={exportFormat}
            onChange={(e) => setExportFormat(e.target.value as ExportFormat)}
          >
            <option value="text">text</option>
            <option value="jsonl">JSON Lines</option>
          </select>
          <label className="toggle" title="Keep the node's colour codes in the file">
            <input type="checkbox" checked={keepAnsi} onChange={() => setKeepAnsi(!keepAnsi)} />
            colours
          </label>
          <button type="button" onClick={() => onExport(exportFormat, keepAnsi ? 'keep' : 'strip')}>
            Export…
          </button>
        </>
      )}
    </div>
  )
}
