import { type ReactNode, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { stripAnsi } from '../../../shared/ansi'
import type { LogLine } from '../../../shared/domain/logs'
import type { LogStream } from '../../../shared/domain/node'
import type { ExportFormat } from '../../../shared/ipc/contract'
import { AnsiText } from './ansi-text'
import { lineAt, WrappedLayout } from './row-layout'

export const ROW_HEIGHT_PX = 18
const OVERSCAN_ROWS = 8

export interface ViewerLine extends LogLine {
  /** The node the line came from; shown only where the view holds several nodes. */
  node?: string
}

interface LogViewerProps {
  lines: ViewerLine[]
  /** Changes whenever `lines` did, so the view knows to redraw without comparing arrays. */
  version: number
  dropped: number
  /** Set in the all-nodes view: each line is prefixed by its node, in this colour. */
  nodeColour?: (node: string) => string
  onClear: () => void
  /** Remembered between runs: the viewer shows, the caller keeps. */
  timestamps: boolean
  onTimestamps: (on: boolean) => void
  onExport?: (format: ExportFormat, ansi: 'keep' | 'strip') => void
}

const STREAMS: LogStream[] = ['stdout', 'stderr', 'system']

function time(ms: number): string {
  const date = new Date(ms)
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`
}

/**
 * A node's log, drawn as fixed-height rows of which only the visible ones exist in the DOM,
 * so 100,000 lines scroll as smoothly as 100. Follows new lines until the user scrolls up,
 * then offers a way back to the latest.
 */
export function LogViewer({
  lines,
  version,
  dropped,
  nodeColour,
  onClear,
  onExport,
  timestamps,
  onTimestamps,
}: LogViewerProps) {
  const [streams, setStreams] = useState<Set<LogStream>>(new Set(STREAMS))
  const [query, setQuery] = useState('')
  const [matchIndex, setMatchIndex] = useState(0)
  const [follow, setFollow] = useState(true)
  const [wrap, setWrap] = useState(false)
  const [charsPerRow, setCharsPerRow] = useState(120)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const [copied, setCopied] = useState(false)
  const [exportFormat, setExportFormat] = useState<ExportFormat>('text')
  const [keepAnsi, setKeepAnsi] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the lines' content
  const visible = useMemo(
    () =>
      streams.size === STREAMS.length ? lines : lines.filter((line) => streams.has(line.stream)),
    [lines, version, streams],
  )
  const needle = query.trim().toLowerCase()
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the lines' content
  const matches = useMemo(() => {
    if (!needle) return []
    const found: number[] = []
    visible.forEach((line, index) => {
      if (stripAnsi(line.text).toLowerCase().includes(needle)) found.push(index)
    })
    return found
  }, [visible, version, needle])

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    // One monospaced character's width, to know how many fit in a wrapped row.
    const probe = document.createElement('span')
    probe.textContent = 'x'.repeat(100)
    probe.style.visibility = 'hidden'
    element.appendChild(probe)
    const charWidth = probe.getBoundingClientRect().width / 100 || 7
    probe.remove()
    const measure = () => {
      setHeight(element.clientHeight)
      setCharsPerRow(Math.max(20, Math.floor((element.clientWidth - 24) / charWidth)))
    }
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    measure()
    return () => observer.disconnect()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the newest line on every change
  useLayoutEffect(() => {
    const element = scroller.current
    if (follow && element) element.scrollTop = element.scrollHeight
  }, [follow, version, visible.length])

  const goToMatch = (index: number) => {
    if (matches.length === 0) return
    const wrapped = (index + matches.length) % matches.length
    setMatchIndex(wrapped)
    setFollow(false)
    const element = scroller.current
    if (element) element.scrollTop = top(matches[wrapped]!) - height / 2
  }

  const onScroll = () => {
    const element = scroller.current
    if (!element) return
    setScrollTop(element.scrollTop)
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT_PX
    if (!atBottom && follow) setFollow(false)
    if (atBottom && !follow) setFollow(true)
  }

  // Depends on whether node names are shown, not on the colour function (new every render).
  const showsNodes = nodeColour !== undefined
  const layout = useMemo(
    () =>
      new WrappedLayout(
        ROW_HEIGHT_PX,
        (line) =>
          (timestamps ? 13 : 0) +
          (showsNodes && line.node ? line.node.length + 1 : 0) +
          (line.stream === 'stdout' ? 0 : 4),
      ),
    [timestamps, showsNodes],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the lines' content
  const offsets = useMemo(
    () => (wrap ? layout.offsets(visible, charsPerRow) : undefined),
    [wrap, visible, version, charsPerRow, layout],
  )
  const top = (index: number) => (offsets ? offsets[index]! : index * ROW_HEIGHT_PX)
  const firstShown = offsets ? lineAt(offsets, scrollTop) : Math.floor(scrollTop / ROW_HEIGHT_PX)
  const lastShown = offsets
    ? lineAt(offsets, scrollTop + height) + 1
    : Math.ceil((scrollTop + height) / ROW_HEIGHT_PX)
  const first = Math.max(0, firstShown - OVERSCAN_ROWS)
  const last = Math.min(visible.length, lastShown + OVERSCAN_ROWS)
  const currentMatch = matches[matchIndex]

  const rows: ReactNode[] = []
  for (let index = first; index < last; index++) {
    const line = visible[index]!
    rows.push(
      <div
        // Keyed by slot, not by line: while following, every row shows a new line each frame,
        // and reusing the same elements is far cheaper than creating them anew.
        key={index - first}
        className={`log-row stream-${line.stream}${index === currentMatch ? ' current-match' : ''}`}
        style={wrap ? { height: layout.rowsOf(line, charsPerRow) * ROW_HEIGHT_PX } : undefined}
        data-testid="log-row"
      >
        {timestamps && <span className="log-time">{time(line.time)} </span>}
        {nodeColour && line.node && (
          <span className="log-node" style={{ color: nodeColour?.(line.node) }}>
            {line.node}{' '}
          </span>
        )}
        {line.stream !== 'stdout' && (
          <span className="log-stream">{line.stream === 'stderr' ? 'err' : 'sys'} </span>
        )}
        {renderText(line.text, needle)}
        {line.truncatedBytes ? (
          <span className="log-cut"> […{line.truncatedBytes} bytes cut]</span>
        ) : null}
      </div>,
    )
  }

  const copy = async () => {
    await navigator.clipboard.writeText(visible.map((line) => stripAnsi(line.text)).join('\n'))
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }

  return (
    <div className="log-viewer">
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
                setStreams(next)
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
          onChange={(event) => {
            setQuery(event.target.value)
            setMatchIndex(0)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') goToMatch(matchIndex + (event.shiftKey ? -1 : 1))
          }}
        />
        <span className="log-matches" data-testid="match-count">
          {needle ? `${matches.length === 0 ? 0 : matchIndex + 1}/${matches.length}` : ''}
        </span>
        <button
          type="button"
          onClick={() => goToMatch(matchIndex - 1)}
          disabled={matches.length === 0}
          aria-label="Previous match"
        >
          ↑
        </button>
        <button
          type="button"
          onClick={() => goToMatch(matchIndex + 1)}
          disabled={matches.length === 0}
          aria-label="Next match"
        >
          ↓
        </button>
        <label className="toggle">
          <input type="checkbox" checked={timestamps} onChange={() => onTimestamps(!timestamps)} />
          time
        </label>
        <label className="toggle">
          <input type="checkbox" checked={wrap} onChange={() => setWrap(!wrap)} />
          wrap
        </label>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onClear}>
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
            <button
              type="button"
              onClick={() => onExport(exportFormat, keepAnsi ? 'keep' : 'strip')}
            >
              Export…
            </button>
          </>
        )}
      </div>
      {dropped > 0 && (
        <div className="log-notice" role="status">
          {dropped.toLocaleString()} lines were dropped before they reached this window (the node
          printed faster than a window can show). Export holds everything the engine kept.
        </div>
      )}
      <div className="log-scroller" ref={scroller} onScroll={onScroll} data-testid="log-scroller">
        <div
          className={`log-canvas${wrap ? ' wrapped' : ''}`}
          style={{ height: top(visible.length) }}
        >
          <div className="log-window" style={{ transform: `translateY(${top(first)}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {!follow && (
        <button type="button" className="jump-latest" onClick={() => setFollow(true)}>
          Jump to latest ↓
        </button>
      )}
      <div className="log-footer">
        {visible.length.toLocaleString()} lines{follow ? ' · following' : ' · paused'}
      </div>
    </div>
  )
}

function renderText(text: string, needle: string): ReactNode {
  if (needle) {
    const plain = stripAnsi(text)
    const lower = plain.toLowerCase()
    if (lower.includes(needle)) {
      const parts: ReactNode[] = []
      let from = 0
      let at = lower.indexOf(needle)
      while (at !== -1) {
        parts.push(
          plain.slice(from, at),
          <mark key={at}>{plain.slice(at, at + needle.length)}</mark>,
        )
        from = at + needle.length
        at = lower.indexOf(needle, from)
      }
      parts.push(plain.slice(from))
      return parts
    }
  }
  return <AnsiText text={text} />
}
