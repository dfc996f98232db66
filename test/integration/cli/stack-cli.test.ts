import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { cli, isolatedEnv, startUp } from '../../helpers/cli'
import { FAST, fixture, freePorts, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

/** A project folder holding cluster-desk.yaml: db, a one-shot migrate, two web replicas. */
async function project() {
  const folder = tempFolder('project')
  const [db, web] = await freePorts(2)
  const http = { command: fixture('http-node.mjs'), ...FAST }
  writeFileSync(
    join(folder, 'cluster-desk.yaml'),
    stringify({
      name: 'stack',
      nodes: [
        { name: 'db', port: db, env: { SLOW_START_MS: '400' }, ...http },
        {
          name: 'migrate',
          port: null,
          command: fixture('crasher.mjs'),
          env: { EXIT_CODE: '0', DELAY_MS: '200' },
          restart: 'never',
          dependsOn: ['db'],
        },
        {
          name: 'web',
          replicas: 2,
          port: web,
          dependsOn: { db: 'healthy', migrate: 'completed' },
          ...http,
        },
      ],
    }),
  )
  const deep = join(folder, 'apps', 'web')
  mkdirSync(deep, { recursive: true })
  return { folder, deep }
}

describe('a stack from the command line', () => {
  it('run finds the cluster from a subfolder, and runs CMD once every node is ready or done', async () => {
    const { folder, deep } = await project()
    const run = await cli(
      ['run', '--', process.execPath, '-e', 'console.log("tests run")'],
      isolatedEnv(),
      deep,
    )
    expect(run.stderr).toContain(`Using ${join(folder, 'cluster-desk.yaml')} (found from ${deep}).`)
    expect(run.stdout).toContain('tests run')
    expect(run.code).toBe(0)
  }, 30_000)

  it('start NODE brings what it depends on, --no-deps does not; scale changes a group; status says who waits', async () => {
    const { folder } = await project()
    const env = isolatedEnv()
    const up = await startUp(join(folder, 'cluster-desk.yaml'), env)
    try {
      await cli(['stop'], env)
      const alone = await cli(['start', 'web1', '--no-deps'], env)
      expect(alone.code).toBe(0)
      let status = JSON.parse((await cli(['status', '--json'], env)).stdout)
      const state = (name: string) =>
        status.nodes.find((node: { name: string }) => node.name === name)
      expect([state('web1').state, state('db').state]).toEqual(['running', 'stopped'])

      await cli(['stop', 'web1'], env)
      const both = await cli(['start', 'web2'], env)
      expect(both.code).toBe(0)
      status = JSON.parse((await cli(['status', '--json'], env)).stdout)
      expect([state('web2').state, state('db').state, state('migrate').state]).toEqual([
        'running',
        'running',
        'completed',
      ])
      expect(state('web2').waitingFor).toEqual([])

      // While db takes its time, web1 waits, and both status forms say on what.
      await cli(['stop'], env)
      const starting = cli(['start', 'web1'], env)
      const seen = await waitFor(
        'web1 waiting in status',
        async () => (await cli(['status'], env)).stdout,
        (text) => /web1\s+waiting for db to be healthy/.test(text),
      )
      expect(seen).toMatch(/web2\s+stopped/)
      expect((await starting).code).toBe(0)

      const scaled = await cli(['scale', 'web', '3'], env)
      expect(scaled.stdout).toContain('web has 3 replicas: web1, web2, web3')
      expect(scaled.code).toBe(0)
      const refused = await cli(['scale', 'db', '2'], env)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('db is a single node, not a replica group.')
    } finally {
      up.child.kill('SIGTERM')
      await up.exited
    }
  }, 60_000)
})
