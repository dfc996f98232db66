import { rmSync } from 'node:fs'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium'
import { startBenchHost } from './bench-host'
import { framesFor } from './frames'
import { percentile } from './stats'

const NODES = 50
const MEASURE_MS = 5000

/**
 * 50 nodes running, each printing a line a second; the window shows the table view (with
 * its figures, refreshed every 2 s) and follows All nodes, while the page records its
 * frames for 5 s.
 */
export async function measureUi50Nodes() {
  const host = await startBenchHost({
    name: 'ui-50',
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `node${i + 1}`,
      port: null,
      command: `i=0; while true; do i=$((i+1)); echo "node${i + 1} tick $i"; sleep 1; done`,
      stop: { killTimeout: 1000 },
    })),
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
    await page.getByRole('button', { name: 'Table', exact: true }).click()
    await page
      .getByTestId('summary')
      .filter({ hasText: `${NODES} of ${NODES} healthy` })
      .waitFor({ timeout: 60_000 })
    // Two samples, so every row has its figures and sparklines.
    await page.waitForTimeout(4500)
    const frames = await framesFor(page, MEASURE_MS)
    const figures = (await page.getByTestId('memory').allTextContents()).filter((text) =>
      text.endsWith('iB'),
    ).length
    return { frameP95Ms: percentile(frames, 95), frames: frames.length, figures }
  } finally {
    await browser.close()
    await host.stop()
    rmSync(host.folder, { recursive: true, force: true })
  }
}
