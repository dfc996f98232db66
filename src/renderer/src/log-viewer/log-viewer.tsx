import { type ReactNode, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { stripAnsi } from '../../../shared/ansi'
import type { LogLine } from '../../../shared/domain/logs'
import type { LogStream } from '../../../shared/domain/node'
import type { ExportFormat } from '../../../shared/ipc/contract'
import { AnsiText } from './ansi-text'
import { IncrementalScan } from './incremental-scan'
import { LogToolbar, STREAMS } from './log-toolbar'
import { lineAt, WrappedLayout } from './row-layout'
import { rowWindow } from './row-window'

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
  /** Lines lost before they reached the window, by node. */
  dropped: ReadonlyMap<string, number>
  /** Set in the all-nodes view: each line is prefixed by its node, in this colour. */
  nodeColour?: (node: string) => string
  /** Nodes muted in the all-nodes view. */
  hiddenNodes?: ReadonlySet<string>
  /** Shown over an empty log: what to do to see something. */
  empty?: ReactNode
  onClear: () => void
  /** Remembered between runs: the viewer shows, the caller keeps. */
  timestamps: boolean
  onTimestamps: (on: boolean) => void
  onExport?: (format: ExportFormat, ansi: 'keep' | 'strip') => void
}

function time(ms: number): string {
  const date = new Date(ms)
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`
}

/** A line's text as search sees it: no colour codes, lower case; worked out once per line. */
const searchable = new WeakMap<LogLine, string>()
function searchText(line: LogLine): string {
  let text = searchable.get(line)
  if (text === undefined) {
    text = stripAnsi(line.text).toLowerCase()
    searchable.set(line, text)
  }
  return text
}

/**
 * A node's log, drawn as fixed-height rows of which only the visible ones exist in the DOM,
 * on a canvas never taller than browsers allow, so 500,000 lines scroll as smoothly as 100.
 * Follows new lines until the user scrolls up, then offers a way back to the latest.
 * Filters and search scan only new lines while the log grows.
 */
export function LogViewer({
  lines,
  version,
  dropped,
  nodeColour,
  hiddenNodes,
  empty,
  onClear,
  onExport,
  timestamps,
  onTimestamps,
}: LogViewerProps) {
  const [streams, setStreams] = useState<ReadonlySet<LogStream>>(new Set(STREAMS))
  const [query, setQuery] = useState('')
  const [onlyMatching, setOnlyMatching] = useState(false)
  const [matchIndex, setMatchIndex] = useState(0)
  const [follow, setFollow] = useState(true)
  const [wrap, setWrap] = useState(false)
  const [charsPerRow, setCharsPerRow] = useState(120)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const [copied, setCopied] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)
  const needle = query.trim().toLowerCase()

  const filtering = streams.size < STREAMS.length || (hiddenNodes?.size ?? 0) > 0
  const filter = useMemo(
    () =>
      new IncrementalScan<ViewerLine, ViewerLine>((line) =>
        streams.has(line.stream) &&
        !(line.node && hiddenNodes?.has(line.node)) &&
        (!onlyMatching || !needle || searchText(line).includes(needle))
          ? line
          : undefined,
      ),
    [streams, hiddenNodes, onlyMatching, needle],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the lines' content
  const visible = useMemo(
    () => (filtering || (onlyMatching && needle) ? filter.over(lines, filter) : lines),
    [lines, version, filter, filtering, onlyMatching, needle],
  )
  const matcher = useMemo(
    () =>
      new IncrementalScan<ViewerLine, number>((line, index) =>
        searchText(line).includes(needle) ? index : undefined,
      ),
    [needle],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the lines' content
  const matches = useMemo(
    () => (needle ? matcher.over(visible, matcher) : []),
    [visible, version, matcher, needle],
  )

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
  const indexAt = (y: number) => (offsets ? lineAt(offsets, y) : Math.floor(y / ROW_HEIGHT_PX))
  const place = rowWindow({
    contentHeight: top(visible.length),
    viewportHeight: height,
    scrollTop,
    follow,
  })

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
    if (element) element.scrollTop = place.toCanvas(top(matches[wrapped]!) - height / 2)
  }
  // Typing a search shows its first match at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the search itself changes
  useLayoutEffect(() => {
    if (needle && matches.length > 0) goToMatch(0)
  }, [needle, onlyMatching])

  const onScroll = () => {
    const element = scroller.current
    if (!element) return
    setScrollTop(element.scrollTop)
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT_PX
    if (!atBottom && follow) setFollow(false)
    if (atBottom && !follow) setFollow(true)
  }

  const first = Math.max(0, indexAt(place.viewTop) - OVERSCAN_ROWS)
  const last = Math.min(visible.length, indexAt(place.viewTop + height) + 1 + OVERSCAN_ROWS)
  // The drawn rows sit where the viewport is on the canvas, offset as in the log.
  const windowTop = place.toCanvas(place.viewTop) + top(first) - place.viewTop
  const currentMatch = needle ? matches[matchIndex] : undefined

  const rows: ReactNode[] = []
  for (let index = first; index < last; index++) {
    const line = visible[index]!
    const current = index === currentMatch
    rows.push(
      <div
        // Keyed by slot, not by line: while following, every row shows a new line each frame,
        // and reusing the same elements is far cheaper than creating them anew.
        key={index - first}
        className={`log-row stream-${line.stream}${current ? ' current-match' : ''}`}
        style={wrap ? { height: layout.rowsOf(line, charsPerRow) * ROW_HEIGHT_PX } : undefined}
        data-testid="log-row"
        aria-current={current ? 'true' : undefined}
      >
        {timestamps && <span className="log-time">{time(line.time)} </span>}
        {nodeColour && line.node && (
          <span className="log-node" style={{ color: nodeColour(line.node) }}>
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
    // From several nodes, each line says whose it is, as on screen.
    const text = visible
      .map((line) => `${showsNodes && line.node ? `${line.node} ` : ''}${stripAnsi(line.text)}`)
      .join('\n')
    await navigator.clipboard.writeText(text)
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }

  return (
    <div className="log-viewer">
      <LogToolbar
        streams={streams}
        onStreams={setStreams}
        query={query}
        onQuery={(next) => {
          setQuery(next)
          setMatchIndex(0)
        }}
        matchLabel={needle ? `${matches.length === 0 ? 0 : matchIndex + 1}/${matches.length}` : ''}
        hasMatches={matches.length > 0}
        onMatch={(step) => goToMatch(matchIndex + step)}
        onlyMatching={onlyMatching}
        onOnlyMatching={setOnlyMatching}
        timestamps={timestamps}
        onTimestamps={onTimestamps}
        wrap={wrap}
        onWrap={setWrap}
        copied={copied}
        onCopy={() => void copy()}
        onClear={onClear}
        onExport={onExport}
      />
      <DroppedNotice dropped={dropped} />
      <div className="log-scroller" ref={scroller} onScroll={onScroll} data-testid="log-scroller">
        <div
          className={`log-canvas${wrap ? ' wrapped' : ''}`}
          style={{ height: place.canvasHeight }}
        >
          <div className="log-window" style={{ transform: `translateY(${windowTop}px)` }}>
            {rows}
          </div>
        </div>
        {lines.length === 0 && empty && <div className="log-empty">{empty}</div>}
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

/** Which node's lines never reached the window, and where they still are. */
function DroppedNotice({ dropped }: { dropped: ReadonlyMap<string, number> }) {
  if (dropped.size === 0) return null
  const parts = [...dropped].map(([node, count]) => `${count.toLocaleString()} of ${node}`)
  return (
    <div className="log-notice" role="status" data-testid="dropped">
      Lines dropped before they reached this window: {parts.join(', ')} (printed faster than a
      window can show). Export holds everything the engine kept.
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
