/**
 * Browsers refuse elements taller than about 17 million pixels (Firefox; Chromium about 33
 * million), and 500,000 rows of 18 px are 9 million. The scrolled canvas is so never taller
 * than this; past it, a pixel of scrollbar stands for more than a pixel of log.
 */
export const MAX_CANVAS_PX = 4_000_000

export interface RowWindowInput {
  /** Height of all rows together, in log pixels. */
  contentHeight: number
  viewportHeight: number
  /** The scroller's scrollTop, in canvas pixels. */
  scrollTop: number
  /** Show the last rows, whatever the scroll position says (it may lag a flood by a frame). */
  follow: boolean
}

export interface RowWindow {
  canvasHeight: number
  /** Where the top of the viewport is, in log pixels. */
  viewTop: number
  /** Canvas pixels per log pixel above the viewport: the rows' window sits at viewTop * this. */
  toCanvas(logY: number): number
}

/** Where the viewport is in the log, and how log positions map onto the (capped) canvas. */
export function rowWindow(input: RowWindowInput): RowWindow {
  const { contentHeight, viewportHeight } = input
  const canvasHeight = Math.min(contentHeight, MAX_CANVAS_PX)
  const logRange = Math.max(0, contentHeight - viewportHeight)
  const canvasRange = Math.max(0, canvasHeight - viewportHeight)
  const ratio = logRange > 0 && canvasRange > 0 ? canvasRange / logRange : 1
  const viewTop = input.follow ? logRange : Math.min(logRange, Math.max(0, input.scrollTop / ratio))
  return { canvasHeight, viewTop, toCanvas: (logY) => logY * ratio }
}
