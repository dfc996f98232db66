import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveNodePaths } from '../../../src/engine/supervisor/cluster-file'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { FAST, fixture, freePort, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

/** A manager of `nodes`, their relative paths (cwd, envFile) resolved from `baseDir`. */
function manage(nodes: unknown[], env?: NodeJS.ProcessEnv, baseDir = process.cwd()) {
  const result = validateCluster({ name: 'test', nodes })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const manager = new ClusterManager(resolveNodePaths(result.cluster, baseDir), env ? { env } : {})
  disposeLater(manager)
  return manager
}

const stdout = (manager: ClusterManager, node: string) =>
  manager.readLogs(node, { streams: ['stdout'] }).lines.map((line) => line.text)

describe('health: onUnhealthy: restart', () => {
  it('restarts a node that turns unhealthy, as a crash under its backoff', async () => {
    const failures = join(tempFolder('health'), 'fail-count')
    writeFileSync(failures, '0')
    const manager = manage([
      {
        name: 'api',
        port: await freePort(),
        command: fixture('http-node.mjs'),
        env: { FAIL_COUNT_FILE: failures },
        ...FAST,
        health: { interval: 100, timeout: 500, failureThreshold: 2, onUnhealthy: 'restart' },
      },
    ])
    const first = await manager.startNode('api')
    expect(first.state).toBe('running')
    // Exactly two probes fail: unhealthy, then a restart whose readiness check passes.
    writeFileSync(failures, '2')
    const after = await waitFor(
      'a restart',
      () => manager.node('api').snapshot(),
      (node) => node.state === 'running' && node.restarts === 1,
    )
    expect(after.pid).not.toBe(first.pid)
    const log = manager.readLogs('api', { streams: ['system'] }).lines.map((line) => line.text)
    expect(log).toEqual(expect.arrayContaining(['unhealthy: restarting it, as a crash']))
    expect(log.some((text) => text.startsWith('restart 1/5 in'))).toBe(true)
  })
})

describe('envFile', () => {
  it('is read at each start, over the environment and under the node’s own env', async () => {
    const folder = tempFolder('env-file')
    writeFileSync(join(folder, '.env'), 'A=from-file\nB=from-file\nexport D="two words"\n')
    const manager = manage(
      [
        {
          name: 'job',
          port: null,
          command: fixture('prints-env.mjs'),
          envFile: '.env',
          env: { B: 'from-node', PRINT: 'A,B,C,D' },
        },
      ],
      { ...process.env, A: 'from-engine', C: 'from-engine' },
      folder,
    )
    await manager.startNode('job')
    await waitFor(
      'its variables',
      () => stdout(manager, 'job'),
      (lines) => lines.length === 4,
    )
    expect(stdout(manager, 'job')).toEqual([
      'A=from-file',
      'B=from-node',
      'C=from-engine',
      'D=two words',
    ])

    // Gone by the next start: a diagnosis, not a start without its variables.
    await manager.stopNode('job')
    rmSync(join(folder, '.env'))
    const failed = await manager.startNode('job')
    expect(failed.state).toBe('failed')
    expect(failed.diagnosis).toMatchObject({
      code: 'env-file-missing',
      problem: `job's env file ${join(folder, '.env')} does not exist.`,
    })
  })
})

describe('readiness.logLine', () => {
  it('waits for the line before the node counts as running', async () => {
    const manager = manage([
      {
        name: 'worker',
        port: null,
        command: fixture('announces.mjs'),
        env: { DELAY_MS: '400', LINE: 'Running Worker.Endpoint with Cowboy on 4000' },
        readiness: { logLine: 'Running .* with Cowboy', timeout: '10s' },
      },
    ])
    const started = performance.now()
    const node = await manager.startNode('worker')
    expect(node.state).toBe('running')
    expect(performance.now() - started).toBeGreaterThanOrEqual(380)
    expect(stdout(manager, 'worker')).toEqual([
      'booting',
      'Running Worker.Endpoint with Cowboy on 4000',
    ])
  })

  it('fails with the pattern named when the line never comes', async () => {
    const manager = manage([
      {
        name: 'worker',
        port: null,
        command: fixture('announces.mjs'),
        env: { LINE: 'something else' },
        readiness: { logLine: 'Running .* with Cowboy', timeout: '800ms' },
        stop: { killTimeout: '1s' },
      },
    ])
    const node = await manager.startNode('worker')
    expect(node.state).toBe('failed')
    expect(node.diagnosis?.problem).toBe(
      'worker printed no line matching /Running .* with Cowboy/ within 800 ms.',
    )
    expect(node.diagnosis?.lastLines).toEqual(['booting', 'something else'])
  })
})

describe('watch', () => {
  it('restarts a running node when a watched file changes, once for many', async () => {
    const folder = tempFolder('watch')
    mkdirSync(join(folder, 'lib'))
    mkdirSync(join(folder, 'logs'))
    const manager = manage(
      [
        {
          name: 'app',
          port: null,
          command: fixture('announces.mjs'),
          watch: { paths: ['lib', 'logs'], ignore: ['logs/**'], debounce: '200ms' },
        },
      ],
      undefined,
      folder,
    )
    await manager.startNode('app')
    const first = manager.node('app').snapshot().pid
    await (manager as unknown as { watches: { ready(): Promise<void> } }).watches.ready()
    writeFileSync(join(folder, 'logs', 'app.log'), 'ignored')
    for (const name of ['a.ex', 'b.ex', 'c.ex', 'd.ex'])
      writeFileSync(join(folder, 'lib', name), name)
    const after = await waitFor(
      'a restart',
      () => manager.node('app').snapshot(),
      (node) => node.state === 'running' && node.pid !== first,
    )
    const log = manager.readLogs('app', { streams: ['system'] }).lines.map((line) => line.text)
    const changes = log.filter((text) => text.startsWith('changed:'))
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatch(
      /^changed: lib\/\w\.ex, lib\/\w\.ex, lib\/\w\.ex and 1 more; restarting$/,
    )
    expect(after.restarts).toBe(0)

    // A node the user stopped stays stopped.
    await manager.stopNode('app')
    writeFileSync(join(folder, 'lib', 'e.ex'), 'e')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(manager.node('app').snapshot().state).toBe('stopped')
  })
})
