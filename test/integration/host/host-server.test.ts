import { type IncomingHttpHeaders, request } from 'node:http'
import { resolve } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type RunningHost, startHost } from '../../../src/engine/host/host-server'
import { ClusterService } from '../../../src/engine/service/cluster-service'
import { connectToHost } from '../../../src/headless/ws-client'
import type { HostMessage } from '../../../src/shared/ipc/ws-protocol'
import { cluster, fixture, waitFor } from '../../helpers/fixtures'

let service: ClusterService
let host: RunningHost

beforeAll(async () => {
  service = new ClusterService([
    {
      spec: cluster([
        {
          name: 'worker',
          port: null,
          command: fixture('ignores-sigterm.mjs'),
          stop: { killTimeout: 300 },
        },
      ]),
      source: 'test',
    },
  ])
  host = await startHost({ service, staticDir: resolve(__dirname, '../../../out/renderer') })
})
afterAll(async () => {
  await service.dispose()
  await host.close()
})

/** A raw HTTP GET with full control over the headers, as a hostile page could send. */
function get(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; cookie?: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          body,
          cookie: res.headers['set-cookie']?.[0],
          headers: res.headers,
        }),
      )
    })
    req.once('error', reject)
    req.end()
  })
}

const ownHost = () => `127.0.0.1:${host.port}`

/** A raw GET whose body is kept as bytes, to look at compressed answers. */
function getBytes(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer; headers: IncomingHttpHeaders }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          headers: res.headers,
        }),
      )
    })
    req.once('error', reject)
    req.end()
  })
}

/** Opens a raw WebSocket and collects what the host sends. */
async function rawClient() {
  const ws = new WebSocket(`ws://${ownHost()}/api/ws`, {
    headers: { authorization: `Bearer ${host.token}` },
  })
  const messages: HostMessage[] = []
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as HostMessage))
  await new Promise((r) => ws.once('open', r))
  return { ws, messages }
}

describe('the host over HTTP', () => {
  const bearer = () => ({ host: ownHost(), authorization: `Bearer ${host.token}` })

  it('serves the page to anyone who names it, sets no cookie, and says no-referrer', async () => {
    const page = await get('/', { host: ownHost() })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
    expect(page.cookie).toBeUndefined()
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(host.openUrl).toBe(`http://${ownHost()}/#token=${host.token}`)
  })

  it('serves the page compressed, its hashed assets cached for a year and itself never', async () => {
    const page = await getBytes('/', { host: ownHost(), 'accept-encoding': 'gzip, deflate, br' })
    // Half a kilobyte is not worth compressing.
    expect(page.headers['content-encoding']).toBeUndefined()
    expect(page.headers['cache-control']).toBe('no-cache')
    const html = page.body.toString()
    const script = /src="([^"]+\.js)"/.exec(html)?.[1]
    expect(script).toMatch(/^\/?\.?\/?assets\/index-[\w-]+\.js$/)
    const br = await getBytes(`/${script!.replace(/^\.?\//, '')}`, {
      host: ownHost(),
      'accept-encoding': 'gzip, deflate, br',
    })
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.body).length).toBeGreaterThan(br.body.length * 2)
    const asset = await getBytes(`/${script!.replace(/^\.?\//, '')}`, {
      host: ownHost(),
      'accept-encoding': 'gzip',
    })
    expect(asset.headers['content-encoding']).toBe('gzip')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(gunzipSync(asset.body).length).toBeGreaterThan(asset.body.length * 2)
    const plain = await getBytes(`/${script!.replace(/^\.?\//, '')}`, { host: ownHost() })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(gunzipSync(asset.body))).toBe(true)
  })

  it('forbids other pages to frame the UI', async () => {
    const page = await get('/', { host: ownHost() })
    expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'")
    expect(page.headers['x-frame-options']).toBe('DENY')
  })

  it('refuses the API without the token as a bearer header, and never takes it from the query or a cookie', async () => {
    const exportPath = '/api/export?node=worker'
    expect((await get(exportPath, { host: ownHost() })).status).toBe(401)
    expect((await get(`${exportPath}&token=${host.token}`, { host: ownHost() })).status).toBe(401)
    expect(
      (await get(exportPath, { host: ownHost(), cookie: `cd_token=${host.token}` })).status,
    ).toBe(401)
    const refused = await get(exportPath, {
      host: ownHost(),
      authorization: `Bearer ${host.token.slice(1)}`,
    })
    expect(refused.status).toBe(401)
    expect(refused.headers['referrer-policy']).toBe('no-referrer')
    expect(JSON.parse(refused.body)).toMatchObject({
      error: 'missing or wrong token',
      fix: expect.stringContaining('token'),
    })
    expect((await get(exportPath, bearer())).status).toBe(200)
  })

  it('streams an export with its name and size, and refuses a bad or unknown one in words', async () => {
    const text = await get('/api/export?node=worker&format=jsonl', bearer())
    expect(text.status).toBe(200)
    expect(text.headers['x-export-file-name']).toMatch(/^test-worker-.*\.jsonl$/)
    expect(text.headers['content-disposition']).toMatch(/^attachment; filename="test-worker-/)
    expect(JSON.parse(text.body.split('\n')[0]!)).toMatchObject({ type: 'header', node: 'worker' })
    const unknown = await get('/api/export?node=nope', bearer())
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body)).toMatchObject({
      fix: 'Use one of: worker.',
      nodes: ['worker'],
    })
    const bad = await get('/api/export?node=worker&format=pdf', bearer())
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).fix).toContain('format=text|jsonl')
  })

  it('refuses a Host header naming another site, as a DNS-rebinding page would send', async () => {
    const rebound = await get('/', { host: `attacker.example:${host.port}` })
    expect(rebound.status).toBe(403)
    expect(rebound.body).toContain('is not this server')
  })

  it('does not serve files outside the built renderer', async () => {
    expect((await get('/../../package.json', { host: ownHost() })).status).toBe(404)
    expect((await get('/%2e%2e/%2e%2e/package.json', { host: ownHost() })).status).toBe(404)
    expect((await get('/..%2f..%2fpackage.json', { host: ownHost() })).status).toBe(404)
  })

  it('answers malformed paths with 400 and keeps serving', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%ZZ', '/%00']) {
      const answer = await get(path, { host: ownHost(), authorization: `Bearer ${host.token}` })
      expect(answer.status, path).toBe(400)
      expect(JSON.parse(answer.body).error, path).toMatch(/path|URL/)
    }
    expect((await get('/', { host: ownHost() })).status).toBe(200)
  })
})

describe('the host over WebSocket', () => {
  it('answers commands and pushes the snapshots a client subscribed to', async () => {
    const connection = await connectToHost(`http://${ownHost()}`, host.token)
    const snapshots: string[] = []
    connection.api.onClusterSnapshot((snapshot) => snapshots.push(snapshot.nodes[0]!.state))
    const started = await connection.api.startNode('worker')
    expect(started).toMatchObject({ ok: true, value: { state: 'running' } })
    await waitFor(
      'a pushed snapshot',
      () => snapshots,
      (s) => s.includes('running'),
    )
    const stopped = await connection.api.stopNode('worker')
    expect(stopped.ok && stopped.value.state).toBe('stopped')
    connection.close()
  })

  it('refuses an upgrade from a foreign Origin, without a token, or on another path', async () => {
    const statusOf = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolvePromise) => {
        const ws = new WebSocket(url, { headers })
        ws.once('unexpected-response', (_req, res) => resolvePromise(res.statusCode ?? 0))
        ws.once('open', () => {
          ws.close()
          resolvePromise(101)
        })
        ws.once('error', () => {})
      })
    const auth = { authorization: `Bearer ${host.token}` }
    expect(
      await statusOf(`ws://${ownHost()}/api/ws`, { ...auth, origin: 'http://evil.example' }),
    ).toBe(403)
    expect(
      await statusOf(`ws://${ownHost()}/api/ws`, { ...auth, origin: `http://${ownHost()}` }),
    ).toBe(101)
    expect(await statusOf(`ws://${ownHost()}/api/ws`, {})).toBe(401)
    expect(await statusOf(`ws://${ownHost()}/elsewhere`, auth)).toBe(404)
  })

  it('refuses malformed, unknown and invalid messages with an error, and keeps serving', async () => {
    const { ws, messages } = await rawClient()
    const bystander = await connectToHost(`http://${ownHost()}`, host.token)
    ws.send('this is not json')
    ws.send(JSON.stringify({ type: 'launch-missiles' }))
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 1,
        channel: 'cd:shell:exec',
        payload: { command: 'rm -rf /' },
      }),
    )
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 2,
        channel: 'cd:node:start',
        payload: { node: '../../etc' },
      }),
    )
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 3,
        channel: 'cd:node:start',
        payload: { node: 'nope' },
      }),
    )
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 4,
        channel: 'cd:node:start',
        payload: { node: 'worker', extra: 1 },
      }),
    )
    await waitFor(
      'six answers',
      () => messages.length,
      (n) => n >= 6,
    )
    expect(messages[0]).toMatchObject({ type: 'error', message: 'message is not JSON' })
    expect(messages[1]).toMatchObject({
      type: 'error',
      message: expect.stringContaining('message refused'),
    })
    const results = Object.fromEntries(
      messages.flatMap((m) =>
        m.type === 'result' ? [[m.id, m.result.ok ? 'ok' : m.result.error.code]] : [],
      ),
    )
    expect(results).toEqual({
      1: 'unknown-channel',
      2: 'bad-request',
      3: 'unknown-node',
      4: 'bad-request',
    })
    expect((await bystander.api.snapshot()).ok).toBe(true)
    ws.close()
    bystander.close()
  })

  it('refuses a second command under an id still being answered, and answers the first', async () => {
    const { ws, messages } = await rawClient()
    const command = (id: number, channel: string, payload: unknown) =>
      ws.send(JSON.stringify({ type: 'command', id, channel, payload }))
    command(1, 'cd:node:start', { node: 'worker' })
    await waitFor(
      'the start',
      () => messages.length,
      (n) => n >= 1,
    )
    // Both arrive before the stop can have finished: it waits for the tree to be gone.
    command(5, 'cd:node:stop', { node: 'worker' })
    command(5, 'cd:node:start', { node: 'worker' })
    await waitFor(
      'the stop',
      () => messages.filter((m) => m.type === 'result').length,
      (n) => n >= 2,
    )
    expect(messages.filter((m) => m.type === 'error')).toEqual([
      {
        type: 'error',
        message: 'command id 5 is still being answered; this command under the same id was not run',
        fix: expect.stringContaining('id of its own'),
      },
    ])
    const answers = messages.filter((m) => m.type === 'result' && m.id === 5)
    expect(answers).toEqual([
      {
        type: 'result',
        id: 5,
        result: { ok: true, value: expect.objectContaining({ state: 'stopped' }) },
      },
    ])
    // Once answered, the id may be used again.
    command(5, 'cd:cluster:snapshot', {})
    await waitFor(
      'the reuse',
      () => messages.length,
      (n) => n >= 4,
    )
    expect(messages.at(-1)).toMatchObject({ type: 'result', id: 5, result: { ok: true } })
    ws.close()
  })

  it('ends overlapping starts and stops of a node as the last one asked', async () => {
    const { ws, messages } = await rawClient()
    const results = () => messages.filter((m) => m.type === 'result')
    const command = (id: number, channel: string) =>
      ws.send(JSON.stringify({ type: 'command', id, channel, payload: { node: 'worker' } }))
    const stateOfWorker = () => service.manager.node('worker').snapshot()

    command(1, 'cd:node:start')
    command(2, 'cd:node:stop')
    await waitFor(
      'both answers',
      () => results().length,
      (n) => n === 2,
    )
    expect(stateOfWorker()).toMatchObject({ state: 'stopped', pid: null })

    command(3, 'cd:node:start')
    await waitFor(
      'the start',
      () => results().length,
      (n) => n === 3,
    )
    command(4, 'cd:node:stop')
    command(5, 'cd:node:start')
    await waitFor(
      'both answers',
      () => results().length,
      (n) => n === 5,
    )
    expect(stateOfWorker()).toMatchObject({ state: 'running', pid: expect.any(Number) })
    expect(results().every((m) => m.type === 'result' && m.result.ok)).toBe(true)
    await service.manager.stopNode('worker')
    ws.close()
  })

  it('makes a client that stops reading lose whole batches, tells it how many, and never sends it more than 1 MiB at once', async () => {
    const flooding = new ClusterService([
      {
        spec: cluster([
          {
            name: 'flood',
            port: null,
            command: fixture('floods-for-a-while.mjs'),
            env: { RATE: '2000', DURATION_MS: '3000' },
            restart: 'never',
          },
        ]),
        source: 'test',
      },
    ])
    const floodHost = await startHost({ service: flooding })
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${floodHost.port}/api/ws`, {
        headers: { authorization: `Bearer ${floodHost.token}` },
      })
      const sizes: number[] = []
      const batches: Array<{ dropped: number }> = []
      ws.on('message', (data: Buffer) => {
        sizes.push(data.length)
        const message = JSON.parse(String(data)) as HostMessage
        if (message.type === 'event' && message.event === 'cd:logs:batch')
          batches.push(message.payload)
      })
      await new Promise((r) => ws.once('open', r))
      ws.send(JSON.stringify({ type: 'subscribe', events: ['cd:logs:batch'] }))
      // Once a command sent after it is answered, the subscription is in place.
      ws.send(
        JSON.stringify({ type: 'command', id: 1, channel: 'cd:cluster:snapshot', payload: {} }),
      )
      await waitFor(
        'the answer',
        () => sizes.length,
        (n) => n > 0,
      )
      // Stop reading: the kernel's buffers fill, then the host's own queue for this client.
      ;(ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
      await flooding.run('cd:node:start', { node: 'flood' })
      await waitFor(
        'the flood to end',
        () => flooding.manager.node('flood').snapshot().state,
        (s) => s === 'completed',
        20_000,
      )
      ;(ws as unknown as { _socket: { resume(): void } })._socket.resume()
      // The count travels with the next batch that fits: the node's next lines bring one.
      await flooding.run('cd:node:start', { node: 'flood' })
      await waitFor(
        'a batch that counts what was lost',
        () => batches.some((b) => b.dropped > 0),
        Boolean,
        10_000,
      )
      expect(Math.max(...sizes)).toBeLessThanOrEqual(1024 * 1024 + 100)
      ws.close()
    } finally {
      await flooding.dispose()
      await floodHost.close()
    }
  })

  it('closes a client that sends an oversized message, and keeps serving others', async () => {
    const { ws } = await rawClient()
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 1,
        channel: 'cd:clusters:validate',
        payload: { definition: 'x'.repeat(2 * 1024 * 1024) },
      }),
    )
    expect(await closed).toBe(1009)
    const other = await connectToHost(`http://${ownHost()}`, host.token)
    expect((await other.api.snapshot()).ok).toBe(true)
    other.close()
  })
})
