import { expect, type Page, test } from '@playwright/test'
import { DEMO_NODE, freePorts, type Host, serve } from './host'

// A cluster of 50 nodes at 1280×800: the table, problems first, the picker, the inspector.
test.describe.configure({ mode: 'serial' })

const COUNT = 50
let host: Host
let page: Page
const rows = () => page.locator('tr[data-node]')
const row = (name: string) => page.locator(`tr[data-node="${name}"]`)

test.beforeAll(async ({ browser }) => {
  const ports = await freePorts(COUNT)
  host = await serve({
    name: 'fifty',
    nodes: ports.map((port, i) => ({
      name: `node${i + 1}`,
      port,
      command: `"${process.execPath}" "${DEMO_NODE}"`,
      readiness: { interval: 100, timeout: '60s' },
      // Killed, a node stays failed: the summary can then point at exactly those.
      restart: 'never',
      stop: { killTimeout: '1s' },
    })),
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  await expect(page.getByTestId('summary')).toHaveText(`${COUNT} of ${COUNT} healthy`, {
    timeout: 60_000,
  })
})

test.afterAll(async () => {
  await page?.close()
  await host?.stop()
})

test('the table shows at least 25 nodes without scrolling, and the page is never wider than the window', async () => {
  await page.getByRole('button', { name: 'Table', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Cards', exact: true })).toBeVisible()
  await expect(rows()).toHaveCount(COUNT)
  const visible = await rows().evaluateAll(
    (all) =>
      all.filter((element) => {
        const box = element.getBoundingClientRect()
        return box.top >= 0 && box.bottom <= window.innerHeight
      }).length,
  )
  expect(visible).toBeGreaterThanOrEqual(25)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(1280)
  // Nor is the table wider than its side of the window.
  const nodes = page.getByRole('region', { name: 'Nodes' })
  const overflow = await nodes.evaluate((element) => element.scrollWidth - element.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expect(row('node1')).toHaveAttribute('data-state', 'running')
  // The choice is remembered.
  await page.reload()
  await expect(page.getByRole('button', { name: 'Cards', exact: true })).toBeVisible()
})

test('CPU and memory figures appear for every running node', async () => {
  await expect
    .poll(
      async () =>
        (await page.getByTestId('memory').allTextContents()).filter((t) => /iB$/.test(t)).length,
      {
        timeout: 10_000,
      },
    )
    .toBe(COUNT)
  await expect(page.getByTestId('totals')).toContainText('CPU')
})

test('killing five nodes and clicking the summary shows exactly those five', async () => {
  const killed = ['node3', 'node17', 'node22', 'node40', 'node49']
  for (const name of killed) {
    const pid = Number(await row(name).locator('td').nth(3).textContent())
    process.kill(pid, 'SIGKILL')
  }
  await expect(page.getByTestId('summary')).toContainText('5 failed')
  await page.getByTestId('summary').getByRole('button', { name: '5 failed' }).click()
  await expect(rows()).toHaveCount(5)
  expect(await rows().evaluateAll((all) => all.map((r) => r.getAttribute('data-node')))).toEqual(
    killed,
  )
  for (const name of killed) {
    await expect(row(name)).toHaveAttribute('data-state', 'failed')
    // Its tree is gone: no figures, rather than the last ones.
    await expect(row(name).getByTestId('memory')).toHaveText('–', { timeout: 5000 })
  }
  await page.getByLabel('Show nodes').selectOption('all')
  await page.getByLabel('Sort nodes').selectOption('problems')
  expect(
    await rows()
      .evaluateAll((all) => all.slice(0, 5).map((r) => r.getAttribute('data-node')))
      .then((names) => names.sort()),
  ).toEqual([...killed].sort())
})

test('the picker finds node 37 by typing 37, and the keyboard drives the table', async () => {
  await page.getByLabel("Find a node's log").fill('37')
  await page.getByRole('button', { name: 'node37', exact: true }).click()
  await expect(page.getByRole('tab', { name: 'node37' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('log-row').filter({ hasText: 'started pid' })).toHaveCount(1)
  // Arrows move the selection; s, x and r act on the selected row.
  await row('node37').click()
  await page.locator('.node-table').focus()
  await page.keyboard.press('ArrowDown')
  const below = await page.locator('tr[data-node][aria-selected="true"]').getAttribute('data-node')
  expect(below).not.toBe('node37')
  await page.keyboard.press('x')
  await expect(row(below!)).toHaveAttribute('data-state', 'stopped')
  await page.keyboard.press('s')
  await expect(row(below!)).toHaveAttribute('data-state', 'running')
})

test('the inspector shows the tree, its figures and its environment', async () => {
  await page.getByRole('button', { name: 'Inspect node5', exact: true }).click()
  const inspector = page.getByTestId('inspector')
  await expect(inspector).toContainText('demo-node.mjs')
  // node, under the shell that runs the command line where the shell does not exec it
  await expect(inspector.locator('tr[data-pid]').filter({ hasText: 'node' })).toHaveCount(1)
  await expect(inspector).toContainText(/PORT=\d+/)
  await expect(inspector).toContainText('% CPU')
})
