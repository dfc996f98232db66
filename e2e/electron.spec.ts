import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
  test,
} from '@playwright/test'

const ROOT = resolve(__dirname, '..')
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron')

/**
 * The Electron binary, if this machine has it. Asking the electron package for it would start
 * a download, so read where it would be: dist/<path.txt>, or ELECTRON_OVERRIDE_DIST_PATH.
 */
function electronBinary(): string | undefined {
  const pathFile = join(ELECTRON_DIR, 'path.txt')
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(ELECTRON_DIR, 'dist')
  const binary = join(dist, name)
  return existsSync(binary) ? binary : undefined
}

const binary = electronBinary()
const reason = `no Electron binary at ${join(ELECTRON_DIR, 'dist')} (it is fetched by "npx install-electron", which needs internet access); the same flows run in Chromium against cluster-desk serve in cluster.spec.ts`
if (!binary) console.log(`electron.spec.ts skipped: ${reason}`)

test.describe.configure({ mode: 'serial' })
test.skip(!binary, reason)

let app: ElectronApplication
let page: Page
const badge = (name: string) => page.getByTestId(`node-${name}`).getByTestId('badge')

test.beforeAll(async () => {
  app = await electron.launch({
    executablePath: binary,
    args: [ROOT],
    env: { ...process.env, NO_COLOR: '1' },
  })
  page = await app.firstWindow()
})

test.afterAll(async () => {
  await app?.close()
})

test('the page has clusterApi and nothing of Node', async () => {
  const seen = await page.evaluate(() => {
    const scope = globalThis as { require?: unknown; process?: unknown; clusterApi?: unknown }
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      clusterApi: typeof scope.clusterApi,
    }
  })
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', clusterApi: 'object' })
})

test('the Demo cluster starts and turns three cards healthy', async () => {
  await page.getByRole('button', { name: 'Start cluster', exact: true }).click()
  for (const name of ['node1', 'node2', 'node3']) await expect(badge(name)).toHaveText(/healthy/)
})

test('a killed node goes through backoff and comes back with one restart', async () => {
  const card = page.getByTestId('node-node2')
  await card.getByRole('button', { name: 'Kill' }).click()
  await expect(badge('node2')).toHaveText(/backoff/)
  await expect(badge('node2')).toHaveText(/healthy/)
  await expect(card.getByTestId('restarts')).toHaveText('1')
})

test('the log viewer shows the heartbeats', async () => {
  await page.getByRole('tab', { name: 'node1' }).click()
  await expect(page.getByTestId('log-row').filter({ hasText: 'heartbeat' }).first()).toBeVisible({
    timeout: 10_000,
  })
})

test('stopping the cluster stops every node', async () => {
  await page.getByRole('button', { name: 'Stop cluster', exact: true }).click()
  for (const name of ['node1', 'node2', 'node3']) await expect(badge(name)).toHaveText(/stopped/)
})
