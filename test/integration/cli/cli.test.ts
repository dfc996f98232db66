import { spawn } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { isPortOpen } from '../../../src/engine/supervisor/process/port-check'
import { CLI, cli, demoClusterFile, isolatedEnv, startUp } from '../../helpers/cli'
import { waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

interface StatusNode {
  name: string
  state: string
  health: string
  pid: number | null
  port: number | null
  restarts: number
  nextRestartAt: string | null
  lastExit: { code: number | null; signal: string | null } | null
  startedAt: string | null
  waitingFor: Array<{ node: string; condition: string }>
  resources: { cpuPercent: number; rssBytes: number; processes: number } | null
}

describe('cluster-desk up and the client verbs, against real nodes', () => {
  const env = isolatedEnv()
  let up: Awaited<ReturnType<typeof startUp>>
  let ports: number[]

  const status = async () => {
    const result = await cli(['status', '--json'], env)
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as { cluster: string; nodes: StatusNode[] }
  }
  const node = async (name: string) => (await status()).nodes.find((n) => n.name === name)!

  beforeAll(async () => {
    const config = await demoClusterFile(3)
    ports = config.ports
    up = await startUp(config.path, env)
  })

  afterAll(async () => {
    up.child.kill('SIGTERM')
    await up.exited
  })

  it('status --json shows three healthy demo nodes', async () => {
    const { cluster, nodes } = await status()
    expect(cluster).toBe('demo-test')
    expect(nodes.map((n) => [n.name, n.state, n.health, n.port])).toEqual([
      ['node1', 'running', 'healthy', ports[0]],
      ['node2', 'running', 'healthy', ports[1]],
      ['node3', 'running', 'healthy', ports[2]],
    ])
    for (const n of nodes) {
      expect(Object.keys(n).sort()).toEqual([
        'health',
        'lastExit',
        'name',
        'nextRestartAt',
        'pid',
        'port',
        'resources',
        'restarts',
        'startedAt',
        'state',
        'waitingFor',
      ])
      expect(n.waitingFor).toEqual([])
      expect(n.pid).toBeGreaterThan(0)
      expect(Date.parse(n.startedAt!)).toBeGreaterThan(0)
    }
  })

  it('status --json and top show what each running node costs, from its whole tree', async () => {
    const sampled = await waitFor('a resource sample of every node', status, (now) =>
      now.nodes.every((n) => n.resources !== null),
    )
    for (const n of sampled.nodes) {
      expect(Object.keys(n.resources!).sort()).toEqual(['cpuPercent', 'processes', 'rssBytes'])
      // A demo node is a shell and node, or node alone: a few MiB at least, never a guess.
      expect(n.resources!.rssBytes).toBeGreaterThan(10 * 1024 * 1024)
      expect(n.resources!.processes).toBeGreaterThanOrEqual(1)
      expect(n.resources!.cpuPercent).toBeGreaterThanOrEqual(0)
    }
    const top = await cli(['top'], env)
    expect(top.code, top.stderr).toBe(0)
    expect(top.stdout).toMatch(/^demo-test: [\d.]+ % CPU, [\d.]+ MiB over 3 running nodes/)
    expect(top.stdout).toMatch(/NODE\s+STATE\s+CPU\s+MEMORY\s+PROCESSES\s+FDS/)
    expect(top.stdout).toMatch(/node1\s+running\s+[\d.]+ %\s+[\d.]+ MiB\s+\d+\s+\d+/)
  })

  it('prints a readable table without colour when not on a terminal', async () => {
    const result = await cli(['status'], env)
    expect(result.stdout).toContain('Cluster demo-test: 3 of 3 healthy')
    expect(result.stdout).toMatch(/NODE\s+STATE\s+HEALTH\s+PID\s+PORT/)
    expect(result.stdout).not.toContain('\u001b[')
  })

  it('kill: the node is restarted and its restart count grows', async () => {
    const before = await node('node2')
    const killed = await cli(['kill', 'node2'], env)
    expect(killed.code).toBe(0)
    expect(killed.stdout).toContain('backoff')
    const after = await waitFor(
      'node2 running again',
      () => node('node2'),
      (n) => n.state === 'running' && n.pid !== null && n.pid !== before.pid,
    )
    expect(after.restarts).toBe(before.restarts + 1)
    expect(after.lastExit).toEqual({ code: null, signal: 'SIGKILL' })
  })

  it('stop: the node is stopped and its port closed', async () => {
    const result = await cli(['stop', 'node3'], env)
    expect(result.code, result.stderr).toBe(0)
    expect((await node('node3')).state).toBe('stopped')
    expect(await isPortOpen('127.0.0.1', ports[2]!)).toBe(false)
    expect((await cli(['start', 'node3'], env)).code).toBe(0)
    expect((await node('node3')).state).toBe('running')
  })

  it('logs prints the last lines, and --follow streams new ones', async () => {
    const tail = await cli(['logs', 'node1', '--lines', '3', '--stream', 'system'], env)
    expect(tail.code).toBe(0)
    expect(tail.stdout).toMatch(/started pid \d+/)
    const plain = await cli(['logs', 'node1', '--stream', 'stdout'], env)
    expect(plain.stdout).toContain('[node1] listening on')
    expect(plain.stdout).not.toContain('\u001b[')

    const follower = spawn(process.execPath, [CLI, 'logs', 'node1', '--follow', '--lines', '1'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    })
    let streamed = ''
    follower.stdout.on('data', (chunk) => {
      streamed += chunk
    })
    await waitFor(
      'the follower to print the tail',
      () => streamed,
      (text) => text.length > 0,
    )
    const restarted = await cli(['restart', 'node1'], env)
    expect(restarted.code).toBe(0)
    await waitFor(
      'new lines to stream',
      () => streamed,
      (text) => /stopping: SIGTERM/.test(text) && /listening on/.test(text),
    )
    follower.kill('SIGINT')
  })

  it('export writes a file holding the buffered lines, and never overwrites one unasked', async () => {
    const folder = tempFolder('export')
    const text = join(folder, 'node2.log')
    const result = await cli(['export', 'node2', text], env)
    expect(result.code, result.stderr).toBe(0)
    const content = readFileSync(text, 'utf8')
    expect(content).toContain('# node:      node2')
    expect(content).toMatch(/stdout .*listening on http:\/\/127\.0\.0\.1/)
    expect(content).not.toContain('\u001b[')
    expect(result.stdout).toMatch(/wrote \d+ lines of node2/)

    const again = await cli(['export', 'node2', text], env)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('already exists')

    const jsonl = join(folder, 'node2.jsonl')
    expect(
      (await cli(['export', 'node2', jsonl, '--format', 'jsonl', '--ansi', 'keep'], env)).code,
    ).toBe(0)
    const rows = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((row) => JSON.parse(row))
    expect(rows[0]).toMatchObject({ type: 'header', node: 'node2' })
    expect(
      rows.slice(1).every((row) => typeof row.seq === 'number' && typeof row.text === 'string'),
    ).toBe(true)
  })

  it('health reports each node with its last probe', async () => {
    const result = await cli(['health', '--json'], env)
    const report = JSON.parse(result.stdout) as {
      nodes: Array<{ name: string; probes: Array<{ ok: boolean }> }>
    }
    expect(report.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3'])
    expect(report.nodes[0]!.probes.length).toBeGreaterThan(0)
  })

  it('refuses an unknown node with exit 2 and lists the names', async () => {
    const result = await cli(['restart', 'node9'], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown node: node9')
    expect(result.stderr).toContain('node1, node2, node3')
  })

  it('writes the runtime file with mode 0600', () => {
    const file = join(env.CLUSTER_DESK_RUNTIME_DIR!, 'runtime.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a wrong token and a foreign Origin', async () => {
    const runtime = JSON.parse(
      readFileSync(join(env.CLUSTER_DESK_RUNTIME_DIR!, 'runtime.json'), 'utf8'),
    )
    const wrong = await cli(['status', '--url', `${runtime.url}/#token=not-the-token-at-all`], {})
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toContain('401')
    const right = await cli(['status', '--url', `${runtime.url}/#token=${runtime.token}`], {})
    expect(right.code, right.stderr).toBe(0)

    // The page is public; the API is not, and a token in the query does not count.
    expect((await fetch(`${runtime.url}/`)).status).toBe(200)
    expect(
      (await fetch(`${runtime.url}/api/export?node=node1&token=${runtime.token}`)).status,
    ).toBe(401)

    const wsUrl = `${runtime.url.replace('http', 'ws')}/api/ws`
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl, {
        headers: { origin: 'http://evil.example', authorization: `Bearer ${runtime.token}` },
      })
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.once('open', () => resolve(101))
    })
    expect(status).toBe(403)
  })
})

describe('cluster-desk without a host', () => {
  it('says how to start one, with exit 3', async () => {
    const result = await cli(['status'], isolatedEnv())
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('no Cluster Desk is running')
    expect(result.stderr).toContain('cluster-desk up')
  })

  it('lists every problem of a bad cluster file with its path, exit 2', async () => {
    const folder = tempFolder('bad')
    const path = join(folder, 'bad.yaml')
    writeFileSync(
      path,
      'nodes:\n  - name: a b\n    comand: x\n  - name: c\n    command: y\n    port: 99999\n',
    )
    for (const verb of ['up', 'run']) {
      const args =
        verb === 'run' ? ['run', '--config', path, '--', 'true'] : ['up', '--config', path]
      const result = await cli(args, isolatedEnv())
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('nodes[0].name')
      expect(result.stderr).toContain('nodes[0].comand: unknown field "comand"')
      expect(result.stderr).toContain('Did you mean "command"?')
      expect(result.stderr).toContain('nodes[1].port')
    }
  })

  it('run starts the cluster, runs the command with the node URLs, stops everything and exits with its code', async () => {
    const { path, ports } = await demoClusterFile(2)
    const script = [
      "const urls = process.env.CLUSTER_DESK_NODES.split(',')",
      'if (urls.length !== 2) process.exit(90)',
      "fetch(urls[1] + '/api/health').then((r) => r.json()).then((b) => process.exit(b.node === 'node2' ? 7 : 91))",
    ].join(';')
    const result = await cli(
      ['run', '--config', path, '--', process.execPath, '-e', script],
      isolatedEnv(),
    )
    expect(result.code, result.stderr).toBe(7)
    for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(false)
  })

  it('run fails with the diagnosis when a node cannot start, and runs nothing', async () => {
    const { path } = await demoClusterFile(1, { command: 'no-such-server --port {{port}}' })
    const marker = join(tempFolder('run'), 'ran')
    const result = await cli(['run', '--config', path, '--', 'touch', marker], isolatedEnv())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The command "no-such-server" was not found')
    expect(() => statSync(marker)).toThrow()
  })

  it('up stops every node on SIGTERM and removes its runtime file', async () => {
    const env = isolatedEnv()
    const { path, ports } = await demoClusterFile(2)
    const up = await startUp(path, env)
    for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(true)
    up.child.kill('SIGTERM')
    expect(await up.exited).toBe(0)
    for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(false)
    expect(up.output()).toContain('stopped.')
    expect(() => statSync(join(env.CLUSTER_DESK_RUNTIME_DIR!, 'runtime.json'))).toThrow()
  })

  it('up still stops every node when nobody reads its output any more', async () => {
    const env = isolatedEnv()
    const { path, ports } = await demoClusterFile(2)
    const up = await startUp(path, env)
    // As after `cluster-desk up | head`: the next line it prints meets a closed pipe.
    up.child.stdout!.destroy()
    up.child.stderr!.destroy()
    await new Promise((resolve) => setTimeout(resolve, 200)) // the pipes are closed by now
    up.child.kill('SIGTERM')
    expect(await up.exited).toBe(0)
    for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(false)
  })
})
