import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { expect, type Page, test } from '@playwright/test'
import { isPortOpen } from '../src/engine/supervisor/process/port-check'
import { DEMO_NODE, freePorts, type Host, serve } from './host'

// One host and one page for the whole file, used as a person would, in order.
test.describe.configure({ mode: 'serial' })

let host: Host
let page: Page
/** Everything the page got wrong during the whole file, reloads included; checked at the end. */
const pageErrors: string[] = []
const blockedByPolicy: string[] = []
const ports: Record<string, number> = {}
const node = (name: string) => page.getByTestId(`node-${name}`)
const badge = (name: string) => node(name).getByTestId('badge')
const demo = `"${process.execPath}" "${DEMO_NODE}"`

test.beforeAll(async ({ browser }) => {
  const names = ['node1', 'node2', 'node3', 'crashy', 'clash', 'extra']
  const free = await freePorts(names.length)
  names.forEach((name, i) => {
    ports[name] = free[i]!
  })
  const fast = {
    readiness: { interval: 50 },
    restart: { backoff: 300 },
    stop: { killTimeout: '2s' },
  }
  host = await serve({
    name: 'e2e',
    nodes: [
      ...['node1', 'node2', 'node3'].map((name) => ({
        name,
        port: ports[name],
        command: demo,
        ...fast,
      })),
      {
        name: 'crashy',
        port: ports.crashy,
        command: demo,
        env: { CRASH_AFTER_MS: '150' },
        autostart: false,
        ...fast,
        restart: { backoff: 100, maxRestarts: 2 },
      },
      { name: 'clash', port: ports.clash, command: demo, autostart: false, ...fast },
    ],
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  // A headless browser shows no notifications: record the ones the page creates instead.
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = []
    Object.assign(globalThis, { shownNotifications: shown })
    class RecordedNotification {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body })
      }
    }
    Object.defineProperty(globalThis, 'Notification', { value: RecordedNotification })
    // Anything the Content Security Policy blocks is reported to the test, which keeps it
    // across reloads, to prove the UI needs no exception.
    document.addEventListener('securitypolicyviolation', (event) =>
      (globalThis as unknown as { reportBlocked: (text: string) => void }).reportBlocked(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`,
      ),
    )
  })
  await page.exposeFunction('reportBlocked', (text: string) => blockedByPolicy.push(text))
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  await page.goto(host.url)
  await expect(page.getByTestId('summary')).toHaveText('stopped · 5 nodes')
})

test.afterAll(async () => {
  await page?.close()
  await host?.stop()
})

test('starting the cluster turns three cards healthy', async () => {
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  for (const name of ['node1', 'node2', 'node3']) await expect(badge(name)).toHaveText(/healthy/)
  await expect(badge('crashy')).toHaveText(/stopped/)
  await expect(page.getByTestId('summary')).toHaveText('3 of 5 healthy')
})

test('stopping a node shows it stopped, and its port is closed', async () => {
  await node('node3').getByRole('button', { name: 'Stop', exact: true }).click()
  await expect(badge('node3')).toHaveText(/stopped/)
  expect(await isPortOpen('127.0.0.1', ports.node3!)).toBe(false)
})

test('killing a node shows backoff, then running again with one restart', async () => {
  const pid = await node('node2').getByTestId('pid').textContent()
  await node('node2').getByRole('button', { name: 'Kill' }).click()
  await expect(badge('node2')).toHaveText(/backoff/)
  await expect(node('node2').getByRole('status')).toContainText('restart 1/5 in')
  await expect(badge('node2')).toHaveText(/healthy/)
  await expect(node('node2').getByTestId('restarts')).toHaveText('1')
  await expect(node('node2').getByTestId('pid')).not.toHaveText(pid!)
  await expect(node('node2')).toContainText('killed by SIGKILL')
})

test('a crash-looping node ends failed, with its diagnosis and last lines', async () => {
  await node('crashy').getByRole('button', { name: 'Start', exact: true }).click()
  await expect(badge('crashy')).toHaveText(/failed/, { timeout: 20_000 })
  const diagnosis = node('crashy').getByTestId('diagnosis')
  await expect(diagnosis).toContainText('crashed 3 times in a row')
  await expect(diagnosis).toContainText('Fix:')
  await expect(diagnosis).toContainText('crashing on purpose')
  // The node's colours are drawn, never shown as escape codes.
  await expect(diagnosis).not.toContainText('[31m')
  // Nothing is left to stop or kill; starting it again is the way on.
  await expect(node('crashy').getByRole('button', { name: 'Stop', exact: true })).toBeDisabled()
  await expect(node('crashy').getByRole('button', { name: 'Kill', exact: true })).toBeDisabled()
  await expect(node('crashy').getByRole('button', { name: 'Start', exact: true })).toBeEnabled()
})

test('the log viewer shows heartbeats, finds a line, and filters by stream', async () => {
  await page.getByRole('tab', { name: 'node1' }).click()
  const rows = page.getByTestId('log-row')
  await expect(rows.filter({ hasText: 'heartbeat' }).first()).toBeVisible({ timeout: 10_000 })
  await page.getByLabel('Search the log').fill('listening on')
  await expect(page.getByTestId('match-count')).toHaveText(/^1\/\d+$/)
  await expect(page.locator('.log-row mark').first()).toHaveText('listening on')
  await page.getByLabel('Search the log').fill('')
  await page.getByRole('checkbox', { name: 'stdout' }).uncheck()
  await expect(rows.filter({ hasText: 'heartbeat' })).toHaveCount(0)
  await expect(rows.filter({ hasText: 'started pid' }).first()).toBeVisible()
  await page.getByRole('checkbox', { name: 'stdout' }).check()
  await expect(rows.filter({ hasText: 'heartbeat' }).first()).toBeVisible()
})

test('export saves the node log as a file', async () => {
  await page.getByRole('tab', { name: 'node1' }).click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export…' }).click(),
  ])
  const content = readFileSync((await download.path())!, 'utf8')
  expect(download.suggestedFilename()).toMatch(/^e2e-node1-.*\.log$/)
  expect(content).toContain('# node:      node1')
  expect(content).toMatch(/stdout \[node1\] listening on/)
  await expect(page.getByTestId('notice')).toContainText('lines of node1')

  await page.getByLabel('Export format').selectOption('jsonl')
  const [jsonl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export…' }).click(),
  ])
  expect(jsonl.suggestedFilename()).toMatch(/^e2e-node1-.*\.jsonl$/)
  const rows = readFileSync((await jsonl.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((row) => JSON.parse(row))
  expect(rows[0]).toMatchObject({ type: 'header', node: 'node1' })
  expect(rows.some((row) => /listening on/.test(row.text))).toBe(true)

  await page.getByRole('tab', { name: 'All nodes' }).click()
  await page.getByLabel('Export format').selectOption('text')
  const [all] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export…' }).click(),
  ])
  expect(all.suggestedFilename()).toMatch(/^e2e-all-nodes-.*\.log$/)
  const everything = readFileSync((await all.path())!, 'utf8')
  for (const name of ['node1', 'node2', 'node3'])
    expect(everything).toContain(`# node:      ${name}`)
  expect(everything).toMatch(/ node2 stdout \[node2\] listening on/)
})

test('a port taken by another process gives a diagnosis naming it', async () => {
  const holder: Server = createServer()
  await new Promise<void>((resolve) => holder.listen(ports.clash, '127.0.0.1', resolve))
  try {
    await node('clash').getByRole('button', { name: 'Start', exact: true }).click()
    await expect(badge('clash')).toHaveText(/failed/)
    await expect(node('clash').getByTestId('diagnosis')).toContainText(
      `Port ${ports.clash} is already in use by pid ${process.pid}`,
    )
  } finally {
    holder.close()
  }
})

test('notifications announce a crash once they are turned on, and not before', async () => {
  const titles = () =>
    page.evaluate(() =>
      (
        globalThis as unknown as { shownNotifications: Array<{ title: string }> }
      ).shownNotifications.map((n) => n.title),
    )
  // Turned off: a crash and its restart pass without a word.
  await node('node3').getByRole('button', { name: 'Start', exact: true }).click()
  await expect(badge('node3')).toHaveText(/healthy/)
  const restartsBefore = Number(await node('node3').getByTestId('restarts').textContent())
  await node('node3').getByRole('button', { name: 'Kill' }).click()
  await expect(node('node3').getByTestId('restarts')).toHaveText(String(restartsBefore + 1))
  await expect(badge('node3')).toHaveText(/healthy/)
  expect(await titles()).toEqual([])

  await page.getByRole('checkbox', { name: 'notify' }).check()
  await node('node1').getByRole('button', { name: 'Kill' }).click()
  await expect(node('node1').getByTestId('restarts')).toHaveText('1')
  await expect(badge('node1')).toHaveText(/healthy/)
  await expect.poll(titles).toEqual(['node1 crashed'])
})

test('keyboard shortcuts switch nodes, search, and stop and start the cluster', async () => {
  await page.keyboard.press('Alt+2')
  await expect(page.getByRole('tab', { name: 'node2' })).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Alt+0')
  await expect(page.getByRole('tab', { name: 'All nodes' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await page.keyboard.press('Control+F')
  await expect(page.getByLabel('Search the log')).toBeFocused()
  await page.getByLabel('Search the log').blur()
  await page.keyboard.press('Control+Shift+X')
  for (const name of ['node1', 'node2']) await expect(badge(name)).toHaveText(/stopped/)
  await page.keyboard.press('Control+Shift+S')
  for (const name of ['node1', 'node2', 'node3']) await expect(badge(name)).toHaveText(/healthy/)
})

test('adding a node in the editor makes it appear and start, leaving the others running', async () => {
  const pid = await node('node1').getByTestId('pid').textContent()
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  const editor = page.getByRole('dialog', { name: 'Cluster editor' })
  await editor.getByRole('button', { name: 'Add node' }).click()
  const added = editor.getByRole('group', { name: 'Node 6' })
  await expect(editor.getByText('1 problem to fix before saving.')).toBeVisible()
  await expect(editor.getByRole('button', { name: 'Save and apply' })).toBeDisabled()
  await added.getByLabel('Node name').fill('extra')
  await added.getByLabel('Port').fill(String(ports.extra))
  await added.getByLabel('Command').fill(demo)
  await expect(editor.getByText('No problems.')).toBeVisible()
  await editor.getByRole('button', { name: 'Save and apply' }).click()
  await expect(editor).toBeHidden()
  await expect(badge('extra')).toHaveText(/healthy/)
  await expect(node('node1').getByTestId('pid')).toHaveText(pid!)
})

test('the editor imports and exports through the engine, with its parser and its words', async () => {
  await page.getByRole('button', { name: 'Edit cluster' }).click()
  const editor = page.getByRole('dialog', { name: 'Cluster editor' })
  const upload = editor.getByLabel('Import a cluster file or Procfile')
  await upload.setInputFiles({
    name: 'broken.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from('nodes:\n  - name: a\n   command: x\n'),
  })
  await expect(editor.getByRole('alert')).toContainText('broken.yaml is not valid YAML')
  await upload.setInputFiles({
    name: 'Procfile',
    mimeType: 'text/plain',
    buffer: Buffer.from('web: node server.js --port $PORT\nworker: node worker.js\n'),
  })
  await expect(editor.getByRole('group', { name: 'Node 2' }).getByLabel('Node name')).toHaveValue(
    'worker',
  )
  await expect(editor.getByLabel('Cluster name')).toHaveValue('procfile')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    editor.getByRole('button', { name: 'Export…' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('procfile.yaml')
  const yaml = readFileSync((await download.path())!, 'utf8')
  expect(yaml).toContain('command: node server.js --port {{port}}')
  // The import changed the draft: closing asks first.
  await editor.getByRole('button', { name: 'Cancel' }).click()
  await editor.getByRole('button', { name: 'Discard changes' }).click()
  await expect(editor).toBeHidden()
})

test('preferences are kept by the engine and survive a reload', async () => {
  await page.getByRole('checkbox', { name: 'time' }).check()
  await page.reload()
  await expect(page.getByRole('checkbox', { name: 'time' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'notify' })).toBeChecked()
  await page.getByRole('checkbox', { name: 'time' }).uncheck()
})

test('nothing the page did, over every test and reload, was blocked or threw', async () => {
  expect(blockedByPolicy).toEqual([])
  expect(pageErrors).toEqual([])
})
