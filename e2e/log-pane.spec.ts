import { resolve } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { type Host, serve } from './host'

// The log pane under a flood of 500,000 lines from five nodes, with a quiet node beside them.
// (The engine sends a window at most 20,000 lines a second of each node: five nodes fill it
// in a few seconds.)
test.describe.configure({ mode: 'serial' })

const FIXTURES = resolve(__dirname, '../test/fixtures')
const FLOODS = ['flood1', 'flood2', 'flood3', 'flood4', 'flood5']
const EACH = 100_000
const TOTAL = FLOODS.length * EACH
let host: Host
let page: Page
const rows = () => page.getByTestId('log-row')
const footer = () => page.locator('.log-footer')
const scroller = () => page.getByTestId('log-scroller')
/** Lines the window says never reached it, summed over nodes. */
const linesDropped = async () => {
  const notice = page.getByTestId('dropped')
  if ((await notice.count()) === 0) return 0
  const counts = [...((await notice.textContent()) ?? '').matchAll(/([\d,]+) of flood\d/g)]
  return counts.reduce((sum, [, n]) => sum + Number(n!.replace(/,/g, '')), 0)
}
const linesShown = async () => Number((await footer().textContent())!.replace(/\D+lines.*$|,/g, ''))

test.beforeAll(async ({ browser }) => {
  const node = (script: string) => `"${process.execPath}" "${FIXTURES}/${script}"`
  host = await serve({
    name: 'flood',
    logLines: 100_000,
    nodes: [
      {
        name: 'quiet',
        port: null,
        command: node('announces.mjs'),
        env: { LINE: 'quiet: the needle' },
      },
      ...FLOODS.map((name) => ({
        name,
        port: null,
        command: node('paced-flood.mjs'),
        // Half what the engine sends a window of a node, so a late flush still sends every line.
        env: { TOTAL: String(EACH), RATE: '10000' },
      })),
    ],
  })
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  page = await context.newPage()
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
})

test.afterAll(async () => {
  await page?.context().close()
  await host?.stop()
})

test('All nodes holds and draws 500,000 lines, following, in the middle and at the top', async () => {
  // Every line is shown, or counted as dropped by the engine (it sends a window at most 1000
  // lines of a node per 50 ms, and a busy machine flushes late): none goes missing unsaid.
  const accounted = async () => (await linesShown()) + (await linesDropped())
  await expect.poll(accounted, { timeout: 60_000 }).toBeGreaterThanOrEqual(TOTAL)
  expect(await linesShown()).toBeGreaterThan(TOTAL * 0.95)
  // No element taller than a browser allows.
  const canvas = await page
    .locator('.log-canvas')
    .evaluate((el) => el.getBoundingClientRect().height)
  expect(canvas).toBeLessThanOrEqual(4_000_000)
  await expect(
    rows()
      .filter({ hasText: `line ${EACH}` })
      .first(),
  ).toBeVisible()

  await scroller().evaluate((el) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2
  })
  await expect(footer()).toContainText('paused')
  const middle = await rows().allTextContents()
  expect(middle.length).toBeGreaterThan(20)
  // Five nodes merged by time: the middle of the view is about the middle of each.
  const numbers = middle.map((text) => Number(/flood\d line (\d+)/.exec(text)?.[1]))
  for (const n of numbers) expect(n).toBeGreaterThan(EACH * 0.4)
  for (const n of numbers) expect(n).toBeLessThan(EACH * 0.6)
  // The rows drawn are the ones on screen, not somewhere above or below them.
  const box = (await scroller().boundingBox())!
  const firstRow = (await rows().nth(10).boundingBox())!
  expect(firstRow.y).toBeGreaterThanOrEqual(box.y - 200)
  expect(firstRow.y).toBeLessThanOrEqual(box.y + box.height)

  await scroller().evaluate((el) => {
    el.scrollTop = 0
  })
  await expect(rows().first()).toBeVisible()
  await expect(
    rows()
      .filter({ hasText: /flood\d line 1$/ })
      .first(),
  ).toBeVisible()
})

test("the floods do not push the quiet node's lines out of All nodes", async () => {
  await page.getByLabel('Search the log').fill('the needle')
  await expect(page.getByTestId('match-count')).toHaveText('1/1')
  // Typing scrolled to it, and it is the current match.
  await expect(page.locator('.log-row[aria-current="true"]')).toContainText('quiet: the needle')
})

test('only matching lines filters, and the current match is marked', async () => {
  await page.getByLabel('Search the log').fill('flood3 line 4999')
  await page.getByLabel('only matching').check()
  // 4999 and 49990–49999.
  await expect(footer()).toContainText('11 lines')
  await expect(page.locator('.log-row[aria-current="true"]')).toContainText('flood3 line 4999')
  await page.getByRole('button', { name: 'Next match' }).click()
  await expect(page.locator('.log-row[aria-current="true"]')).toContainText('flood3 line 49990')
  await page.getByLabel('only matching').uncheck()
  await page.getByLabel('Search the log').fill('')
})

test('muting the floods in All nodes leaves the quiet node, and Copy says whose each line is', async () => {
  for (const name of FLOODS) await page.getByLabel(`show ${name} in All nodes`).uncheck()
  await expect.poll(linesShown).toBeLessThan(20)
  await expect(rows().filter({ hasText: 'quiet: the needle' })).toBeVisible()
  await page.getByRole('button', { name: 'Copy' }).click()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  const lines = copied.split('\n')
  expect(lines).toContain('quiet quiet: the needle')
  for (const line of lines) expect(line).toMatch(/^quiet /)
  await page.getByLabel('show flood2 in All nodes').check()
  await expect.poll(linesShown).toBeGreaterThan(EACH * 0.95)
})
