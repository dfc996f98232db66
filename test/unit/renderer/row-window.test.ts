import { describe, expect, it } from 'vitest'
import { MAX_CANVAS_PX, rowWindow } from '../../../src/renderer/src/log-viewer/row-window'

const ROW = 18

describe('rowWindow', () => {
  it('maps one to one while the log fits the canvas', () => {
    const place = rowWindow({
      contentHeight: 1000 * ROW,
      viewportHeight: 400,
      scrollTop: 900,
      follow: false,
    })
    expect(place.canvasHeight).toBe(1000 * ROW)
    expect(place.viewTop).toBe(900)
    expect(place.toCanvas(900)).toBe(900)
  })

  it('caps the canvas at 500,000 lines and still reaches every line', () => {
    const contentHeight = 500_000 * ROW
    const viewportHeight = 400
    const top = rowWindow({ contentHeight, viewportHeight, scrollTop: 0, follow: false })
    expect(top.canvasHeight).toBe(MAX_CANVAS_PX)
    expect(top.viewTop).toBe(0)
    const bottom = rowWindow({
      contentHeight,
      viewportHeight,
      scrollTop: MAX_CANVAS_PX - viewportHeight,
      follow: false,
    })
    expect(bottom.viewTop).toBeCloseTo(contentHeight - viewportHeight, 3)
    const middle = rowWindow({
      contentHeight,
      viewportHeight,
      scrollTop: (MAX_CANVAS_PX - viewportHeight) / 2,
      follow: false,
    })
    expect(Math.round(middle.viewTop / ROW)).toBeCloseTo(250_000 - 11, -1)
    // The rows drawn for the middle sit inside the viewport on the canvas.
    expect(middle.toCanvas(middle.viewTop)).toBeCloseTo((MAX_CANVAS_PX - viewportHeight) / 2, 3)
  })

  it('shows the last rows while following, whatever the lagging scroll position says', () => {
    const place = rowWindow({
      contentHeight: 200_000 * ROW,
      viewportHeight: 400,
      scrollTop: 10,
      follow: true,
    })
    expect(place.viewTop).toBe(200_000 * ROW - 400)
  })
})
