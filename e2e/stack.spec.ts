import { join, resolve } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { freePorts, type Host, serve } from './host'

// A stack as a person starts it: db slow to be healthy, a one-shot migrate, two web replicas.
test.describe.configure({ mode: 'serial' })

const FIXTURES = join(resolve(__dirname, '..'), 'test', 'fixtures')
const node = (name: string) => page.getByTestId(`node-${name}`)
const badge = (name: string) => node(name).getByTestId('badge')
let host: Host
let page: Page
const pageErrors: string[] = []

test.beforeAll(async ({ browser }) => {
  const [db, web] = await freePorts(2)
  const run = (file: string) => `"${process.execPath}" "${join(FIXTURES, file)}"`
  const fast = { readiness: { interval: 50 }, stop: { killTimeout: '2s' } }
  host = await serve({
    name: 'stack',
    nodes: [
      {
        name: 'db',
        port: db,
        command: run('http-node.mjs'),
        env: { SLOW_START_MS: '1500' },
        ...fast,
      },
      {
        name: 'migrate',
        port: null,
        command: run('crasher.mjs'),
        env: { EXIT_CODE: '0', DELAY_MS: '300' },
        restart: 'never',
        dependsOn: ['db'],
      },
      {
        name: 'web',
        replicas: 2,
        port: web,
        command: run('http-node.mjs'),
        dependsOn: { db: 'healthy', migrate: 'completed' },
        ...fast,
      },
    ],
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(host.url)
})

test.afterAll(async () => {
  await host?.stop()
})

test('Start cluster: web waits and says on what, migrate completes, then web runs', async () => {
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  await expect(badge('web1')).toHaveText(/waiting/)
  await expect(node('web1').getByTestId('waiting')).toHaveText(
    'waiting for db to be healthy and migrate to complete',
  )
  await expect(badge('migrate')).toHaveText(/completed/)
  await expect(badge('web1')).toHaveText(/healthy/)
  await expect(badge('web2')).toHaveText(/healthy/)
  await expect(node('migrate').getByRole('alert')).toHaveCount(0)
})

test('Start on a node whose dependencies are down asks whether to start them too', async () => {
  await page.getByRole('button', { name: 'Stop cluster', exact: true }).click()
  await expect(badge('db')).toHaveText(/stopped/)
  await node('web1').getByRole('button', { name: 'Start', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Start web1' })
  // migrate completed in the first start and stays so: only db is missing.
  await expect(dialog).toContainText('web1 depends on db being healthy, which does not hold now.')
  await dialog.getByRole('button', { name: 'Start web1 alone' }).click()
  await expect(badge('web1')).toHaveText(/healthy/)
  await expect(badge('db')).toHaveText(/stopped/)

  await node('web1').getByRole('button', { name: 'Stop', exact: true }).click()
  await expect(badge('web1')).toHaveText(/stopped/)
  await node('web1').getByRole('button', { name: 'Start', exact: true }).click()
  await page.getByRole('button', { name: 'Start with what it depends on' }).click()
  await expect(badge('db')).toHaveText(/healthy/, { timeout: 10_000 })
  await expect(badge('migrate')).toHaveText(/completed/)
  await expect(badge('web1')).toHaveText(/healthy/)
  await expect(badge('web2')).toHaveText(/stopped/)
})

test('+ and − on a replica group scale it while it runs', async () => {
  const group = page.getByTestId('group-web')
  await expect(group.getByRole('status')).toHaveText('2 replicas')
  await group.getByRole('button', { name: 'One replica of web more' }).click()
  await expect(group.getByRole('status')).toHaveText('3 replicas')
  await expect(badge('web3')).toHaveText(/healthy/)
  await group.getByRole('button', { name: 'One replica of web fewer' }).click()
  await expect(group.getByRole('status')).toHaveText('2 replicas')
  await expect(node('web3')).toHaveCount(0)
  expect(pageErrors).toEqual([])
})

test('in the table, a replica group collapses into one row that sums it up', async () => {
  await page.getByRole('button', { name: 'Table', exact: true }).click()
  await expect(page.locator('tr[data-node="web1"]')).toBeVisible()
  await page.getByRole('button', { name: 'Collapse web' }).first().click()
  const summary = page.locator('tr[data-group="web"]')
  await expect(summary).toContainText(/web ×2: /)
  await expect(page.locator('tr[data-node="web1"]')).toHaveCount(0)
  await summary.getByRole('button').click()
  await expect(page.locator('tr[data-node="web2"]')).toBeVisible()
  await page.getByRole('button', { name: 'Cards', exact: true }).click()
  expect(pageErrors).toEqual([])
})
