// Takes the README's screenshots in a real browser window on an X display:
//   npm run build && xvfb-run -a -s "-screen 0 1280x800x24" node docs/take-screenshots.mjs
// Needs Debian's chromium, xvfb and imagemagick (for `import`, which captures the display).
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright'

const root = fileURLToPath(new URL('..', import.meta.url))
const demo = `"${process.execPath}" "${join(root, 'resources/demo-node.mjs')}"`
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

const folder = mkdtempSync(join(tmpdir(), 'cluster-desk-shots-'))
const config = join(folder, 'cluster.json')
const ports = [await freePort(), await freePort(), await freePort(), await freePort()]
writeFileSync(
  config,
  JSON.stringify({
    name: 'shop',
    nodes: [
      { name: 'api', port: ports[0], command: demo },
      { name: 'web', port: ports[1], command: demo },
      { name: 'worker', port: ports[2], command: demo },
      {
        name: 'billing',
        port: ports[3],
        command: demo,
        env: { CRASH_AFTER_MS: '300' },
        restart: { backoff: 200, maxRestarts: 2 },
      },
    ],
  }),
)
/** `cluster-desk up` of a cluster file, and the address it prints. */
async function serve(file) {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/cluster-desk.mjs'), 'up', '--config', file],
    {
      env: { ...process.env, NO_COLOR: '1', CLUSTER_DESK_RUNTIME_DIR: join(folder, 'runtime') },
    },
  )
  const address = await new Promise((resolve) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      const found = /open (http:\/\/\S+)/.exec(output)?.[1]
      if (found) resolve(found)
    })
  })
  return { process: child, url: address }
}
const { process: host, url } = await serve(config)

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: false,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--window-position=0,0',
    '--window-size=1280,800',
    '--app=about:blank',
  ],
})
const page = await browser.newPage({ viewport: null })
await page.goto(url)
const shoot = (name) => execFileSync('import', ['-window', 'root', join(root, 'docs', name)])

await page.waitForTimeout(6000) // heartbeats, probes, and billing crashing its way to failed
shoot('main-view.png')

await page.getByTestId('node-billing').click()
await page.waitForTimeout(800)
shoot('failed-node.png')

await page.getByRole('tab', { name: 'api' }).click()
await page.getByLabel('Search the log').fill('heartbeat')
await page.getByRole('checkbox', { name: 'time' }).check()
await page.waitForTimeout(800)
shoot('log-viewer.png')

await page.getByRole('button', { name: 'Edit cluster' }).click()
const editor = page.getByRole('dialog', { name: 'Cluster editor' })
await editor.getByRole('button', { name: 'Add node' }).click()
const added = editor.getByRole('group', { name: 'Node 5' })
await added.getByLabel('Node name').fill('payments')
await added.getByLabel('Port').fill('4999999')
await added.scrollIntoViewIfNeeded()
await page.waitForTimeout(500)
shoot('cluster-editor.png')
await page.keyboard.press('Escape')
await editor.getByRole('button', { name: 'Discard changes' }).click()

// The host dies under the window: it says so at once and keeps the last known states.
const exited = new Promise((resolve) => host.once('exit', resolve))
host.kill('SIGKILL')
await exited
await page.getByTestId('disconnected').waitFor()
await page.mouse.move(900, 700)
await page.waitForTimeout(1500)
shoot('disconnected.png')

// Three Erlang nodes that never connect by themselves: Cluster Desk joins them.
const beam = join(folder, 'beam.json')
const beamPorts = [await freePort(), await freePort(), await freePort()]
const fixture = join(root, 'test/fixtures/erlang-node.exs')
writeFileSync(
  beam,
  JSON.stringify({
    name: 'phoenix',
    nodes: beamPorts.map((port, i) => ({
      name: `node${i + 1}`,
      port,
      command: `elixir --name node${i + 1}@127.0.0.1 --cookie demo ${fixture} ${port}`,
      health: '/api/health',
    })),
  }),
)
const erlangHost = await serve(beam)
await page.goto(erlangHost.url)
await page.getByTestId('mesh-state').getByText('formed', { exact: true }).waitFor()
await page.waitForTimeout(2500) // a poll or two, for the VM figures
shoot('erlang-mesh.png')

await page.getByTestId('node-node2').getByRole('button', { name: 'Partition' }).click()
await page.getByTestId('node-node2').getByRole('button', { name: 'Heal' }).waitFor()
await page.mouse.move(900, 700)
await page.getByTestId('mesh').scrollIntoViewIfNeeded()
await page.waitForTimeout(800)
shoot('erlang-partitioned.png')

erlangHost.process.kill('SIGTERM')
await new Promise((resolve) => erlangHost.process.once('exit', resolve))

// A stack: a database slow to be ready, a one-shot migration, three web nodes needing both.
const fixtures = join(root, 'test/fixtures')
const node = (file) => `"${process.execPath}" "${join(fixtures, file)}"`
const stack = join(folder, 'stack.json')
const [dbPort, webPort] = [await freePort(), await freePort()]
writeFileSync(
  stack,
  JSON.stringify({
    name: 'shop',
    nodes: [
      { name: 'db', port: dbPort, command: node('http-node.mjs'), env: { SLOW_START_MS: '5000' } },
      {
        name: 'migrate',
        port: null,
        command: node('crasher.mjs'),
        env: { EXIT_CODE: '0', DELAY_MS: '1500' },
        restart: 'never',
        dependsOn: ['db'],
      },
      {
        name: 'web',
        replicas: 3,
        port: webPort,
        command: node('http-node.mjs'),
        dependsOn: { db: 'healthy', migrate: 'completed' },
      },
    ],
  }),
)
const stackHost = await serve(stack)
await page.goto(stackHost.url)
await page.getByTestId('node-web1').getByTestId('waiting').waitFor()
await page.mouse.move(900, 700)
await page.waitForTimeout(1000)
shoot('stack-waiting.png')
await page.locator('[data-testid="node-web3"] [data-badge="healthy"]').waitFor({ timeout: 20_000 })
await page.waitForTimeout(800)
shoot('stack-started.png')

stackHost.process.kill('SIGTERM')
await new Promise((resolve) => stackHost.process.once('exit', resolve))

// Fifty nodes, two of them failed: the table, the inspector and the picker.
const fifty = join(folder, 'fifty.json')
writeFileSync(
  fifty,
  JSON.stringify({
    name: 'fleet',
    nodes: Array.from({ length: 50 }, (_, i) => ({
      name: `worker${i + 1}`,
      port: null,
      command: `i=0; while true; do i=$((i+1)); echo "worker${i + 1} job $i done"; sleep 2; done`,
      restart: 'never',
      stop: { killTimeout: '1s' },
    })),
  }),
)
const fleetHost = await serve(fifty)
await page.goto(fleetHost.url)
await page.getByTestId('summary').getByText('50 of 50 healthy').waitFor({ timeout: 30_000 })
await page.getByRole('button', { name: 'Table', exact: true }).click()
await page.getByLabel('Sort nodes').selectOption('problems')
for (const name of ['worker12', 'worker31']) {
  const pid = Number(await page.locator(`tr[data-node="${name}"] td`).nth(3).textContent())
  process.kill(pid, 'SIGKILL')
}
await page.getByTestId('summary').getByText('2 failed').waitFor()
await page.waitForTimeout(7000) // a few samples, for the sparklines
await page.mouse.move(1200, 780)
shoot('table-50.png')

await page.getByRole('button', { name: 'Inspect worker7', exact: true }).click()
await page.getByTestId('inspector').getByText('% CPU').waitFor()
await page.mouse.move(1200, 780)
await page.waitForTimeout(2500)
shoot('inspector.png')

await page.getByRole('button', { name: 'Close the inspector' }).click()
await page.getByLabel("Find a node's log").fill('3')
await page.waitForTimeout(500)
shoot('picker.png')

await browser.close()
fleetHost.process.kill('SIGTERM')
await new Promise((resolve) => fleetHost.process.once('exit', resolve))
console.log('screenshots written to docs/')
