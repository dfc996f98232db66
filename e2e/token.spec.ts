import { createServer, type IncomingMessage, type Server } from 'node:http'
import { expect, test } from '@playwright/test'
import { freePorts, type Host, serve } from './host'

/** Everything a request carried, as one text to search for the token in. */
function recorded(request: IncomingMessage, body: string): string {
  return [request.method, request.url, JSON.stringify(request.headers), body].join('\n')
}

let host: Host
let spy: Server
let spyPort = 0
const seenBySpy: string[] = []

test.beforeAll(async () => {
  spyPort = (await freePorts(1))[0]!
  // Another server on 127.0.0.1, as a node's own page or any dev server is.
  spy = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      seenBySpy.push(recorded(request, body))
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end(
        '<html><body>spy<script>fetch("/probe", { credentials: "include" })</script></body></html>',
      )
    })
  })
  await new Promise<void>((resolve) => spy.listen(spyPort, '127.0.0.1', resolve))
  // A node whose port is the spy's: its card links there, as it would to a node's own page.
  host = await serve({
    name: 'leak-test',
    nodes: [{ name: 'web', port: spyPort, command: 'sleep 60', autostart: false }],
  })
})

test.afterAll(async () => {
  await host?.stop()
  spy?.close()
})

test('the token never reaches another server on 127.0.0.1', async ({ browser }) => {
  const token = new URL(host.url).hash.replace('#token=', '')
  expect(token.length).toBeGreaterThan(16)
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(host.url)
  await expect(page.getByTestId('summary')).toHaveText('stopped · 1 node')
  // The token left the address bar, and no cookie holds it.
  expect(page.url()).not.toContain(token)
  expect(await context.cookies()).toEqual([])

  // The node's port link opens the spy in a new tab; then the tab itself goes there.
  const [opened] = await Promise.all([
    context.waitForEvent('page'),
    page
      .getByTestId('node-web')
      .getByRole('link', { name: String(spyPort) })
      .click(),
  ])
  await opened.waitForLoadState('networkidle')
  await page.goto(`http://127.0.0.1:${spyPort}/visited`)
  await page.waitForLoadState('networkidle')
  await page.goto(`http://localhost:${spyPort}/by-name`)
  await page.waitForLoadState('networkidle')

  expect(seenBySpy.length).toBeGreaterThanOrEqual(4)
  for (const request of seenBySpy) {
    expect(request).not.toContain(token)
    expect(request.toLowerCase()).not.toContain('"cookie"')
  }
  await context.close()
})

test("a reload keeps the page working from the tab's own storage", async ({ browser }) => {
  const page = await browser.newPage()
  await page.goto(host.url)
  await expect(page.getByTestId('summary')).toHaveText('stopped · 1 node')
  await page.reload()
  await expect(page.getByTestId('summary')).toHaveText('stopped · 1 node')
  await page.close()
})

test('a page without the token says what to open instead of showing raw JSON', async ({
  browser,
}) => {
  const page = await browser.newPage()
  await page.goto(host.url.replace(/#.*/, ''))
  await expect(page.getByRole('alert')).toContainText('#token=')
  await page.close()
})
