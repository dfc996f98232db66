/// <reference lib="dom" />
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { startBenchHost } from './bench-host'
import { framesFor } from './frames'
import { percentile } from './stats'

const FILL_NODES = 5
const LINES_PER_NODE = 100_000
const MEASURE_MS = 5000

/**
 * The all-nodes log at 500,000 lines, following: five nodes fill it (100,000 lines each, at
 * 10,000 a second each, all of which the engine sends), then a sixth keeps printing 10,000
 * lines a second, so every frame adds lines and the view trims its oldest, while the page
 * records its frames for 5 s.
 */
export async function measureUi500k() {
  const flood = `${shellQuote(process.execPath)} ${shellQuote(join(PACKAGE_ROOT, 'test/fixtures/paced-flood.mjs'))}`
  const env = { TOTAL: String(LINES_PER_NODE), RATE: '10000' }
  const host = await startBenchHost({
    name: 'ui-500k',
    nodes: [
      ...Array.from({ length: FILL_NODES }, (_, i) => ({
        name: `fill${i + 1}`,
        port: null,
        command: flood,
        env,
      })),
      { name: 'tail', port: null, command: flood, env, autostart: false },
    ],
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
    const shown = async () =>
      Number(
        ((await page.locator('.log-footer').textContent()) ?? '').replace(/\D+lines.*$|,/g, ''),
      )
    // Filled once the five are done: the engine may thin a node that a late flush finds with
    // more than 1000 new lines, so wait for the count to stop growing rather than for 500,000.
    const filled = Date.now()
    let last = -1
    for (let now = await shown(); now !== last || now < FILL_NODES * LINES_PER_NODE * 0.9; ) {
      if (Date.now() - filled > 120_000) throw new Error(`the view stopped at ${now} lines`)
      await page.waitForTimeout(1000)
      last = now
      now = await shown()
    }
    await page.getByTestId('node-tail').getByRole('button', { name: 'Start', exact: true }).click()
    const frames = await framesFor(page, MEASURE_MS)
    const canvasPx = await page
      .locator('.log-canvas')
      .evaluate((element) => element.getBoundingClientRect().height)
    return {
      frameP95Ms: percentile(frames, 95),
      frames: frames.length,
      linesShown: await shown(),
      canvasPx,
    }
  } finally {
    await browser.close()
    await host.stop()
    rmSync(host.folder, { recursive: true, force: true })
  }
}
