import { expect, type Page, test } from '@playwright/test'
import { DEMO_NODE, freePorts, type Host, serve } from './host'

// The page and its host as a person lives with them: the host killed, started again, and
// started with a new token, while the page stays open.
test.describe.configure({ mode: 'serial' })

let host: Host
let page: Page
let cluster: unknown
const node = (name: string) => page.getByTestId(`node-${name}`)
const badge = (name: string) => node(name).getByTestId('badge')
const banner = () => page.getByTestId('disconnected')

test.beforeAll(async ({ browser }) => {
  const [web, slow] = await freePorts(2)
  const demo = `"${process.execPath}" "${DEMO_NODE}"`
  cluster = {
    name: 'connection',
    nodes: [
      { name: 'web', port: web, command: demo, readiness: { interval: 50 } },
      // Never ready: its start stays pending for 30 s unless stopped.
      {
        name: 'slow',
        port: slow,
        command: demo,
        autostart: false,
        health: { path: '/nope' },
        readiness: { timeout: '30s', interval: 100 },
      },
    ],
  }
  host = await serve(cluster)
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(host.url)
  await expect(page.getByTestId('summary')).toHaveText('stopped · 2 nodes')
})

test.afterAll(async () => {
  await page?.close()
  await host?.stop()
})

test('a killed host is noticed at once: banner, last-known states, commands off, nothing spinning', async () => {
  const startCluster = page.getByRole('button', { name: 'Start cluster', exact: true })
  await expect(startCluster).toHaveClass(/primary/)
  await startCluster.click()
  await expect(badge('web')).toHaveText(/healthy/)
  // Everything that starts with the cluster runs: starting it is no longer the thing to do.
  await expect(startCluster).not.toHaveClass(/primary/)
  // A start that waits for readiness is pending when the host dies.
  await node('slow').getByRole('button', { name: 'Start', exact: true }).click()
  await expect(node('slow').getByRole('button', { name: 'Starting…' })).toBeVisible()

  host.process.kill('SIGKILL')
  await expect(banner()).toContainText('Disconnected from Cluster Desk — reconnecting…', {
    timeout: 3000,
  })
  await expect(page.getByTestId('summary')).toContainText('last known')
  await expect(node('web')).toContainText('last known')
  // The pending command failed with words, instead of spinning for ever.
  await expect(node('slow').getByRole('button', { name: 'Starting…' })).toHaveCount(0)
  await expect(
    page.getByRole('alert').filter({ hasText: 'connection to Cluster Desk closed' }),
  ).toBeVisible()
  for (const name of ['Stop cluster', 'Restart cluster', 'Edit cluster']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeDisabled()
  }
  await expect(node('web').getByRole('button', { name: 'Stop', exact: true })).toBeDisabled()
  // Uptime stands still: the node's last known state is not counted on.
  const uptime = node('web').locator('dt:text-is("uptime") + dd')
  const frozen = await uptime.textContent()
  await page.waitForTimeout(1500)
  await expect(uptime).toHaveText(frozen!)
})

test('the page reconnects by itself to a host started again, and its token still works', async () => {
  host = await serve(cluster, {}, { folder: host.folder, port: host.port })
  await expect(banner()).toHaveCount(0, { timeout: 10_000 })
  // A fresh snapshot from the new host: its nodes are stopped (the old host's died with it).
  await expect(page.getByTestId('summary')).toHaveText('stopped · 2 nodes')
  await expect(node('web')).not.toContainText('last known')
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  await expect(badge('web')).toHaveText(/healthy/)
  // The log holds the new run's lines once: seqs of the dead host are not mixed in.
  await page.getByRole('tab', { name: 'web' }).click()
  const started = page.getByTestId('log-row').filter({ hasText: 'started pid' })
  await expect(started).toHaveCount(1)
  // A reload works too: the token was kept across the restart.
  await page.reload()
  await expect(badge('web')).toHaveText(/healthy/)
  // Lines printed before this page loaded are read from the engine's buffer.
  await page.getByRole('tab', { name: 'web' }).click()
  await expect(page.getByTestId('log-row').filter({ hasText: 'started pid' })).toHaveCount(1)
})

test('a host started with --new-token refuses the page, which says so in words', async () => {
  // A host stopped with SIGTERM stops its nodes and says so before it goes.
  await host.stop({ keepFolder: true })
  await expect(badge('web')).toHaveText(/stopped/)
  await expect(banner()).toBeVisible()
  host = await serve(cluster, {}, { folder: host.folder, port: host.port, args: ['--new-token'] })
  await expect(page.getByTestId('refused')).toContainText(
    "Cluster Desk refused this page's token",
    {
      timeout: 10_000,
    },
  )
  await page.reload()
  await expect(page.getByTestId('refused')).toContainText('--new-token')
  await expect(page.locator('body')).not.toContainText('"error"')
})

test('a host that accepts and never answers gets a hint after a while', async ({ browser }) => {
  const silent = await browser.newPage()
  // The page's WebSocket opens, and nothing ever answers on it.
  await silent.routeWebSocket(/\/api\/ws$/, () => {})
  await silent.goto(host.url)
  await expect(silent.getByText('Connecting to Cluster Desk…')).toBeVisible()
  await expect(silent.getByTestId('connecting-hint')).toContainText('cluster-desk serve', {
    timeout: 15_000,
  })
  await silent.close()
})
