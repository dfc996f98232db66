/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { startBenchHost } from './bench-host'
import { startFrames } from './frames'
import { mib, percentile } from './stats'

const ROOT = PACKAGE_ROOT
const FLOOD_MS = 10_000
const RATE_PER_NODE = 50_000

/**
 * Three nodes print 50,000 lines a second each for 10 s into the window's all-nodes log,
 * following. Meanwhile the page records every frame, a quiet fourth node is stopped and
 * started by clicks (time until its badge changes), and the JS heap is read before and after.
 */
export async function measureUiFlood() {
  const flooder = `${shellQuote(process.execPath)} ${shellQuote(join(ROOT, 'test/fixtures/paced-flood.mjs'))}`
  const env = {
    RATE: String(RATE_PER_NODE),
    TOTAL: String((RATE_PER_NODE * FLOOD_MS) / 1000),
    PAD: '40',
  }
  const host = await startBenchHost(
    {
      name: 'ui-bench',
      nodes: [
        ...['flood1', 'flood2', 'flood3'].map((name) => ({
          name,
          port: null,
          command: flooder,
          env,
          autostart: false,
        })),
        { name: 'quiet', port: null, command: 'sleep 600', stop: { killTimeout: 1000 } },
      ],
    },
    'up',
  )
  const { url, folder } = host
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const cdp = await page.context().newCDPSession(page)
    const heapMib = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      return mib((await cdp.send('Runtime.getHeapUsage')).usedSize)
    }
    await page.goto(url)
    await page
      .getByTestId('node-quiet')
      .getByTestId('badge')
      .filter({ hasText: 'running' })
      .waitFor()
    const heapBefore = await heapMib()

    const collectFrames = await startFrames(page)
    for (const name of ['flood1', 'flood2', 'flood3']) {
      await page
        .getByTestId(`node-${name}`)
        .getByRole('button', { name: 'Start', exact: true })
        .click()
    }
    if (process.env.UI_BENCH_PROFILE) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
      await page.waitForTimeout(3000)
      const { profile } = await cdp.send('Profiler.stop')
      const { writeFileSync: write } = await import('node:fs')
      write(process.env.UI_BENCH_PROFILE, JSON.stringify(profile))
    }
    const started = Date.now()
    const clicks: number[] = []
    while (Date.now() - started < FLOOD_MS) {
      for (const action of ['Stop', 'Start']) {
        clicks.push(
          await page.evaluate(async (label) => {
            const card = document.querySelector('[data-testid="node-quiet"]')!
            const badge = card.querySelector('[data-testid="badge"]')!
            const button = [...card.querySelectorAll('button')].find(
              (b) => b.textContent === label,
            )!
            const before = badge.textContent
            const clicked = performance.now()
            const changed = new Promise<number>((resolve) => {
              const observer = new MutationObserver(() => {
                if (card.querySelector('[data-testid="badge"]')?.textContent !== before) {
                  observer.disconnect()
                  resolve(performance.now() - clicked)
                }
              })
              observer.observe(card, { subtree: true, childList: true, characterData: true })
            })
            button.click()
            return changed
          }, action),
        )
        await page.waitForTimeout(400)
      }
    }
    const frames = await collectFrames()
    await page.screenshot({ path: join(folder, 'after-flood.png') })
    console.log(`ui bench screenshot: ${join(folder, 'after-flood.png')}`)
    const lines = await page.locator('.log-footer').textContent()
    const heapAfter = await heapMib()
    return {
      frameP95Ms: percentile(frames, 95),
      frames: frames.length,
      clickP95Ms: percentile(clicks, 95),
      clicks: clicks.length,
      heapGrowthMib: heapAfter - heapBefore,
      linesShown: lines ?? '',
    }
  } finally {
    await browser.close()
    await host.stop()
  }
}
