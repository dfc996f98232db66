import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { DEMO_NODE, freePorts, type Host, serve } from './host'

// The cluster editor says what a save will do before doing it, does it, and says where the
// cluster was kept.
test.describe.configure({ mode: 'serial' })

let host: Host
let page: Page
const node = (name: string) => page.getByTestId(`node-${name}`)
const badge = (name: string) => node(name).getByTestId('badge')
const editor = () => page.getByRole('dialog', { name: 'Cluster editor' })
const group = (name: string) => editor().getByRole('group', { name })

test.beforeAll(async ({ browser }) => {
  const [web, api] = await freePorts(2)
  const demo = `"${process.execPath}" "${DEMO_NODE}"`
  host = await serve({
    name: 'shop',
    nodes: [
      { name: 'web', port: web, command: demo, readiness: { interval: 50 } },
      { name: 'api', port: api, command: demo, readiness: { interval: 50 } },
    ],
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  await expect(badge('api')).toHaveText(/healthy/)
})

test.afterAll(async () => {
  await page?.close()
  await host?.stop()
})

test('a changed running node is restarted, and the dialog says so before and after', async () => {
  const before = await node('api').getByTestId('pid').textContent()
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  await group('Node 2').getByLabel('Environment').fill('GREETING=hello')
  await expect(editor().getByTestId('plan')).toHaveText('Saving will restart 1 (api).')
  await editor().getByRole('button', { name: 'Save and apply' }).click()
  await expect(editor()).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('Saved shop in this host until it stops')
  await expect(page.getByTestId('notice')).toContainText('Restart 1 (api)')
  await expect(node('api').getByTestId('pid')).not.toHaveText(before!)
  await expect(badge('api')).toHaveText(/healthy/)
  await expect(badge('web')).toHaveText(/healthy/)
})

test('an imported unknown field can be removed, and the input at fault is marked', async () => {
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  await editor()
    .getByLabel('Import a cluster file or Procfile')
    .setInputFiles({
      name: 'shop.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from('name: shop\nnodes:\n  - name: api\n    command: x\n    helth: /up\n'),
    })
  const problems = editor().getByTestId('problems')
  await expect(problems).toContainText('api › helth')
  await expect(problems).toContainText('unknown field "helth"')
  await group('Node 1').getByLabel('Port').fill('eighty')
  await expect(group('Node 1').getByLabel('Port')).toHaveAttribute('aria-invalid', 'true')
  await group('Node 1').getByLabel('Port').fill('4999')
  await expect(group('Node 1').getByLabel('Port')).not.toHaveAttribute('aria-invalid', 'true')
  await editor().getByRole('button', { name: 'Remove api › helth' }).click()
  await expect(editor().getByText('No problems.')).toBeVisible()
})

test('Escape and a click outside close the editor, asking first when there are changes', async () => {
  await page.keyboard.press('Escape')
  await expect(editor().getByRole('alertdialog')).toContainText('Discard your changes')
  await editor().getByRole('button', { name: 'Keep editing' }).click()
  await expect(editor()).toBeVisible()
  await page.mouse.click(5, 5)
  await editor().getByRole('button', { name: 'Discard changes' }).click()
  await expect(editor()).toBeHidden()
  // Without changes, nothing is asked.
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  await expect(group('Node 1').getByLabel('Node name')).toHaveValue('web')
  await page.keyboard.press('Escape')
  await expect(editor()).toBeHidden()
})

test('renaming asks before switching, and nothing stops unless asked', async () => {
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  await editor().getByLabel('Cluster name').fill('shop-copy')
  await expect(editor().getByTestId('plan')).toHaveText(
    'Saving adds cluster shop-copy beside this one.',
  )
  await editor().getByRole('button', { name: 'Save and apply' }).click()
  await expect(editor().getByRole('alertdialog')).toContainText('Switching stops web, api.')
  await editor().getByRole('button', { name: 'Save, keep shop' }).click()
  await expect(editor()).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('shop stays loaded')
  await expect(page.getByLabel('Cluster')).toHaveValue('shop')
  await expect(badge('web')).toHaveText(/healthy/)
})

test('a cluster from a file is written back to it, the old file kept', async () => {
  const file = join(host.folder, 'cluster.json')
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  await group('Node 1').getByLabel('Environment').fill('MODE=written')
  await editor().getByLabel('also write cluster.json').check()
  await editor().getByRole('button', { name: 'Save and apply' }).click()
  await expect(page.getByTestId('notice')).toContainText(`${file} (the old file is ${file}.bak)`)
  expect(JSON.parse(readFileSync(file, 'utf8')).nodes[0].env).toEqual({ MODE: 'written' })
  expect(existsSync(`${file}.bak`)).toBe(true)
  expect(readFileSync(`${file}.bak`, 'utf8')).not.toContain('written')
  // The notice goes by itself.
  await expect(page.getByTestId('notice')).toBeHidden({ timeout: 12_000 })
})
