import { resolve } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { DEMO_NODE, freePorts, type Host, serve } from './host'

// What the window says of nodes that start slowly, crash or will not stop, and of a cluster
// that is simply stopped.
test.describe.configure({ mode: 'serial' })

const FIXTURES = resolve(__dirname, '../test/fixtures')
let host: Host
let page: Page
const node = (name: string) => page.getByTestId(`node-${name}`)
const badge = (name: string) => node(name).getByTestId('badge')
const button = (name: string) => page.getByRole('button', { name, exact: true })

test.beforeAll(async ({ browser }) => {
  const [web, slow] = await freePorts(2)
  const fixture = (script: string) => `"${process.execPath}" "${FIXTURES}/${script}"`
  host = await serve({
    name: 'states',
    nodes: [
      { name: 'web', port: web, command: `"${process.execPath}" "${DEMO_NODE}"` },
      {
        name: 'slow',
        port: slow,
        command: `"${process.execPath}" "${DEMO_NODE}"`,
        health: { path: '/nope' },
        readiness: { timeout: '30s', interval: 100 },
      },
      {
        name: 'crashy',
        port: null,
        autostart: false,
        command: fixture('crasher.mjs'),
        restart: { backoff: '20s' },
      },
      {
        name: 'stubborn',
        port: null,
        autostart: false,
        command: fixture('ignores-sigterm.mjs'),
        readiness: { logLine: 'ignoring SIGTERM' },
        stop: { killTimeout: '500ms' },
      },
    ],
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  // This browser refuses notifications, as a person may have told it to.
  await page.addInitScript(() => {
    const refused = { permission: 'denied', requestPermission: async () => 'denied' }
    Object.defineProperty(globalThis, 'Notification', { value: refused })
  })
  await page.goto(host.url)
})

test.afterAll(async () => {
  await page?.close()
  await host?.stop()
})

test('a stopped cluster says so and offers to start it, rather than "0 of 4 healthy"', async () => {
  await expect(page.getByTestId('summary')).toHaveText('stopped · 4 nodes')
  const pane = page.locator('.log-empty')
  await expect(pane).toContainText('states is stopped')
  await expect(pane.getByRole('button', { name: 'Start the cluster' })).toBeVisible()
  await expect(button('Start cluster')).toHaveClass(/primary/)
})

test('while a node waits for readiness, the card says why, and Stop cluster stops it at once', async () => {
  await page.locator('.log-empty').getByRole('button', { name: 'Start the cluster' }).click()
  await expect(badge('web')).toHaveText(/healthy/)
  await expect(node('slow').getByTestId('readiness-check')).toHaveText(
    'not ready yet: GET /nope → 404',
  )
  // Start cluster is still waiting on slow; stopping never waits for it.
  await expect(button('Starting…')).toBeVisible()
  for (const name of ['Stop cluster', 'Restart cluster']) await expect(button(name)).toBeEnabled()
  await expect(node('slow').getByRole('button', { name: 'Stop', exact: true })).toBeEnabled()
  const asked = Date.now()
  await page.keyboard.press('Control+Shift+X')
  await expect(badge('slow')).toHaveText(/stopped/)
  await expect(badge('web')).toHaveText(/stopped/)
  expect(Date.now() - asked).toBeLessThan(10_000)
  await expect(button('Start cluster')).toBeEnabled()
  await expect(node('web').getByTestId('last-exit')).toHaveText('stopped')
})

test('a stop that had to SIGKILL says so on the card', async () => {
  await node('stubborn').getByRole('button', { name: 'Start', exact: true }).click()
  await expect(badge('stubborn')).toHaveText(/running/)
  await node('stubborn').getByRole('button', { name: 'Stop', exact: true }).click()
  await expect(node('stubborn').getByTestId('last-exit')).toHaveText(
    'killed after 500 ms: did not stop on SIGTERM',
  )
})

test('during backoff the card shows the last lines of the run that crashed', async () => {
  await node('crashy').getByRole('button', { name: 'Start', exact: true }).click()
  const backoff = node('crashy').getByTestId('backoff')
  await expect(backoff).toContainText('restart 1/5 in')
  await expect(backoff).toContainText('something went wrong')
  await backoff.getByRole('button', { name: 'Stop retrying' }).click()
  await expect(badge('crashy')).toHaveText(/stopped/)
})

test('notifications the browser refused say so, and turn nothing on', async () => {
  await page.getByLabel('notify').click()
  await expect(page.getByRole('alert').filter({ hasText: 'refused notifications' })).toBeVisible()
  await expect(page.getByLabel('notify')).not.toBeChecked()
})
