/// <reference lib="dom" />
import type { Page } from '@playwright/test'

interface FrameRecorder {
  gaps: number[]
  stopped: boolean
}

/**
 * Starts recording the time between the page's frames (requestAnimationFrame); the function
 * it returns stops the recording and hands over every gap recorded.
 */
export async function startFrames(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const recorder: FrameRecorder = { gaps: [], stopped: false }
    Object.assign(globalThis, { benchFrames: recorder })
    let last = performance.now()
    const frame = (now: number) => {
      recorder.gaps.push(now - last)
      last = now
      if (!recorder.stopped) requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
  return () =>
    page.evaluate(() => {
      const recorder = (globalThis as unknown as { benchFrames: FrameRecorder }).benchFrames
      recorder.stopped = true
      return recorder.gaps
    })
}

/** The gaps between the page's frames over the next `ms`. */
export async function framesFor(page: Page, ms: number): Promise<number[]> {
  const collect = await startFrames(page)
  await page.waitForTimeout(ms)
  return collect()
}
