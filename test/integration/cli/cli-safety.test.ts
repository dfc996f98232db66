import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, cli, isolatedEnv, startUp } from '../../helpers/cli'
import { fixture, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const run = promisify(execFile)

describe('the CLI facing a hostile node, a broken disk and a silent host', () => {
  const env = isolatedEnv()
  let up: Awaited<ReturnType<typeof startUp>>

  beforeAll(async () => {
    const folder = tempFolder('config')
    const path = join(folder, 'cluster.json')
    writeFileSync(
      path,
      JSON.stringify({
        name: 'hostile',
        nodes: [
          {
            name: 'evil',
            port: null,
            command: `${fixture('prints-escapes.mjs')} --cookie s3cr3t-cookie`,
            env: { DB_PASSWORD: 'hunter2-pass', DATABASE_URL: 'postgres://app:pw-in-url@db/x' },
          },
        ],
      }),
    )
    up = await startUp(path, env)
    await waitFor(
      'the node to print',
      async () => (await cli(['logs', 'evil'], env)).stdout,
      (text) => text.includes('as the password'),
    )
  })

  afterAll(async () => {
    up.child.kill('SIGTERM')
    await up.exited
  })

  it('logs on a terminal keeps colours and shows every other escape as a placeholder', async () => {
    // `script` gives the CLI a real pseudo-terminal, as a user's shell would.
    const command = [process.execPath, CLI, 'logs', 'evil', '--stream', 'stdout']
      .map((part) => `'${part}'`)
      .join(' ')
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, ...env, NO_COLOR: '' },
    })
    expect(stdout).toContain('\u001b[31mred text\u001b[0m')
    expect(stdout).toContain('␛clipboard')
    expect(stdout).toContain('␛title')
    expect(stdout).toContain('␛␛cursor␛ query␇ bell')
    expect(stdout).not.toContain('\u001b]')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point
    expect(stdout).not.toMatch(/\u001b\[(?!31m|0m)/)
  })

  it('export hides the secrets of the command line, the environment and the lines', async () => {
    const folder = tempFolder('export')
    const file = join(folder, 'evil.log')
    const result = await cli(['export', 'evil', file], env)
    expect(result.code, result.stderr).toBe(0)
    const content = readFileSync(file, 'utf8')
    for (const secret of ['s3cr3t-cookie', 'hunter2-pass', 'pw-in-url']) {
      expect(content).not.toContain(secret)
    }
    expect(content).toContain('--cookie [redacted]')
    expect(content).toContain('DB_PASSWORD=[redacted]')
    expect(content).toContain('postgres://app:[redacted]@db/x')
    expect(content).toContain('connecting with [redacted] as the password')
  })

  it('export explains a folder, a missing folder and a file in the way, and leaves nothing behind', async () => {
    const folder = tempFolder('export')
    mkdirSync(join(folder, 'a-folder'))
    const onFolder = await cli(['export', 'evil', join(folder, 'a-folder'), '--force'], env)
    expect(onFolder.code).toBe(2)
    expect(onFolder.stderr).toContain(`${join(folder, 'a-folder')} is a folder.`)
    expect(onFolder.stderr).toContain(
      `fix: Give a file inside it, such as ${join(folder, 'a-folder', 'evil.log')}`,
    )

    const missing = await cli(['export', 'evil', join(folder, 'no', 'such', 'x.log')], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(`The folder ${join(folder, 'no', 'such')} does not exist.`)
    expect(missing.stderr).toContain('fix: Create it (mkdir -p')

    writeFileSync(join(folder, 'plain-file'), 'x')
    const underFile = await cli(['export', 'evil', join(folder, 'plain-file', 'x.log')], env)
    expect(underFile.code).toBe(1)
    expect(underFile.stderr).toMatch(/is a file, not a folder|does not exist/)

    expect(readdirSync(folder).sort()).toEqual(['a-folder', 'plain-file'])
    expect(readdirSync(join(folder, 'a-folder'))).toEqual([])
  })
})

describe('a client facing a host that accepts and never answers', () => {
  let silent: Server
  let port = 0
  beforeAll(async () => {
    silent = createServer(() => {}) // takes the connection and says nothing, ever
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    port = (silent.address() as { port: number }).port
  })
  afterAll(() => silent.close())

  it('gives up after --timeout with exit 3 and a sentence', async () => {
    const started = Date.now()
    const result = await cli(
      ['status', '--url', `http://127.0.0.1:${port}/#token=whatever-token`, '--timeout', '1'],
      {},
    )
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(
      `the host at http://127.0.0.1:${port} accepted the connection but did not answer within 1 s`,
    )
    expect(Date.now() - started).toBeLessThan(8000)
  })
})
