/// <reference lib="dom" />
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { startBenchHost } from './bench-host'
import { median } from './stats'

/** The renderer's JavaScript as a browser downloads it from the host: gzipped, in KiB. */
export function rendererJsGzipKib(): number {
  const assets = join(PACKAGE_ROOT, 'out', 'renderer', 'assets')
  const bytes = readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0)
  return bytes / 1024
}

/**
 * From the start of navigation to the first node card on screen, for a cluster of 3 nodes, in
 * a fresh browser context each time (nothing cached): the page, its script, the WebSocket and
 * the first snapshot. Median of `runs`.
 */
export async function measureFirstRender(runs = 7): Promise<{ medianMs: number; runs: number[] }> {
  const demo = `${shellQuote(process.execPath)} ${shellQuote(join(PACKAGE_ROOT, 'resources', 'demo-node.mjs'))}`
  const host = await startBenchHost({
    name: 'first-render',
    nodes: ['a', 'b', 'c'].map((name, i) => ({ name, port: 4601 + i, command: demo })),
  })
  const { url } = host
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.addInitScript(() => {
        const seen = new MutationObserver(() => {
          if (!document.querySelector('[data-testid^="node-"]')) return
          Object.assign(globalThis, { firstCardAt: performance.now() })
          seen.disconnect()
        })
        seen.observe(document, { childList: true, subtree: true })
      })
      await page.goto(url)
      await page.waitForSelector('[data-testid^="node-"]')
      times.push(
        await page.evaluate(() => (globalThis as unknown as { firstCardAt: number }).firstCardAt),
      )
      await context.close()
    }
    return { medianMs: median(times), runs: times }
  } finally {
    await browser.close()
    await host.stop()
    rmSync(host.folder, { recursive: true, force: true })
  }
}
