import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, cli, demoClusterFile, isolatedEnv } from '../../helpers/cli'
import { waitFor } from '../../helpers/fixtures'

/** Sends raw bytes as one HTTP request and waits for the answer to end (or a moment). */
function sendRaw(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const done = () => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(300, done)
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
    })
    socket.on('error', done)
    socket.on('close', done)
    socket.write(bytes)
  })
}

describe('the host under malformed HTTP', () => {
  const env = isolatedEnv()
  let serve: ChildProcess
  let port = 0
  let token = ''
  let output = ''

  beforeAll(async () => {
    const { path } = await demoClusterFile(1)
    serve = spawn(process.execPath, [CLI, 'serve', '--config', path], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    serve.stdout!.on('data', (chunk) => {
      output += chunk
    })
    serve.stderr!.on('data', (chunk) => {
      output += chunk
    })
    await waitFor(
      'serve to print its address',
      () => output,
      (text) => text.includes('#token='),
    )
    const runtime = JSON.parse(
      readFileSync(join(env.CLUSTER_DESK_RUNTIME_DIR!, 'runtime.json'), 'utf8'),
    )
    port = Number(new URL(runtime.url).port)
    token = runtime.token
  })

  afterAll(() => {
    serve.kill('SIGTERM')
  })

  it('answers every request, however malformed, and still answers status after 300 of them', async () => {
    const method = fc.oneof(
      fc.constantFrom(
        'GET',
        'HEAD',
        'POST',
        'PUT',
        'DELETE',
        'OPTIONS',
        'PATCH',
        'CONNECT',
        'TRACE',
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    const path = fc.oneof(
      fc.constantFrom(
        '/',
        '/api/ws',
        '/api/export',
        '/api/export?node=%',
        '/%',
        '/%E0%A4%A',
        '/..',
        '//',
        '*',
      ),
      fc.webPath(),
      fc.string({ maxLength: 80 }).map((text) => `/${text}`),
      fc.stringMatching(/^\/[%0-9A-Fa-z./?&=]{0,40}$/),
    )
    const header = fc.oneof(
      fc.constantFrom(
        `Authorization: Bearer ${token}`,
        'Authorization: Bearer',
        `Host: 127.0.0.1:${port}`,
        'Host: evil.example',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==',
        `Sec-WebSocket-Protocol: cluster-desk, cluster-desk.token.${token}`,
        'Origin: http://evil.example',
        'Content-Length: 99999999',
        'Transfer-Encoding: chunked',
        'Cookie: cd_token=x',
      ),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 }))
        .map(([n, v]) => `${n}: ${v}`),
    )
    const request = fc.record({
      method,
      path,
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/9.9', ''),
      headers: fc.array(header, { maxLength: 8 }),
      body: fc.uint8Array({ maxLength: 200 }),
    })
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, version, headers, body }) => {
        const head = `${method} ${path} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`
        await sendRaw(port, Buffer.concat([Buffer.from(head, 'latin1'), body]))
        expect(serve.exitCode).toBeNull()
      }),
      {
        numRuns: 300,
        // The requests that used to end the host come first, with and without the token.
        examples: ['/%', '/%E0%A4%A'].flatMap((path) =>
          [[], [`Authorization: Bearer ${token}`]].map((auth) => [
            {
              method: 'GET',
              path,
              version: 'HTTP/1.1',
              headers: [`Host: 127.0.0.1:${port}`, ...auth],
              body: new Uint8Array(),
            },
          ]),
        ),
      },
    )
    const status = await cli(['status', '--json'], env)
    expect(status.code, `${status.stderr}\n${output}`).toBe(0)
    expect(JSON.parse(status.stdout).nodes).toHaveLength(1)
  })
})
