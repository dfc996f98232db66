import type { Server } from 'node:http'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { serveFolder } from './static-server'

let server: Server
let url: string

test.beforeAll(async () => {
  ;({ server, url } = await serveFolder(resolve(__dirname, '../out/renderer')))
})
test.afterAll(() => server.close())

test('the built window renders without errors', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Cluster Desk' })).toBeVisible()
  await expect(page.getByTestId('engine-note')).toContainText('4001')
  expect(errors).toEqual([])
})
