import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClusterService } from '../../../src/engine/service/cluster-service'
import { type ExportOptions, renderExport } from '../../../src/engine/service/export-log'
import { redactEnv as redactedEnv } from '../../../src/engine/service/redact'
import { stripAnsi } from '../../../src/shared/ansi'
import type { LogLine } from '../../../src/shared/domain/logs'
import type { LogBatch } from '../../../src/shared/ipc/contract'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, fixture, waitFor } from '../../helpers/fixtures'
import { nodeSnapshot } from '../../helpers/node-snapshot'
import { tempFolder } from '../../helpers/temp'

const disposeLater = disposeAfterEach()

function serviceFor(nodes: unknown[]) {
  const service = new ClusterService([{ spec: cluster(nodes, { logLines: 100 }), source: 'test' }])
  disposeLater(service)
  const batches: LogBatch[] = []
  service.on('cd:logs:batch', (batch) => batches.push(batch))
  return { service, batches }
}

/** Runs the flooder fixture as one node until it exits, collecting every log batch. */
async function flooderToExit(name: string, env: Record<string, string>) {
  const { service, batches } = serviceFor([
    { name, port: null, command: fixture('flooder.mjs'), env, restart: 'never' },
  ])
  await service.run('cd:node:start', { node: name })
  await waitFor(
    `${name} to exit`,
    () => service.manager.node(name).snapshot().state,
    (s) => s === 'completed',
  )
  return { service, batches }
}

describe('log batches', () => {
  it('carry every line of a quiet node, flushed at its exit, in order', async () => {
    const { batches } = await flooderToExit('job', { LINES: '50', BATCH: '1' })
    const lines = batches
      .flatMap((b) => b.nodes.flatMap((n) => n.lines))
      .filter((l) => l.stream === 'stdout')
    expect(lines.map((l) => Number(l.text.split(' ')[1]))).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
    expect(batches.every((b) => b.nodes.every((n) => n.skipped === 0))).toBe(true)
  })

  it('say how many lines a flood pushed out before they could be sent, and stay few', async () => {
    const { service, batches } = await flooderToExit('flood', {
      LINES: '200000',
      BATCH: '1000',
      STDERR_EVERY: '10',
    })
    const sent = batches.flatMap((b) => b.nodes).filter((n) => n.node === 'flood')
    const delivered = sent.reduce((sum, n) => sum + n.lines.length, 0)
    const skipped = sent.reduce((sum, n) => sum + n.skipped, 0)
    // Every line the node's log ever held is either sent or counted as skipped, exactly once.
    expect(delivered + skipped).toBe(service.manager.node('flood').output.nextSeq - 1)
    expect(skipped).toBeGreaterThan(0)
    expect(batches.length).toBeLessThan(2000)
    // The final batch at exit may hold only the engine's "exited" line: look across all.
    const lastOf = (stream: string) =>
      sent
        .flatMap((n) => n.lines)
        .filter((l) => l.stream === stream)
        .at(-1)!.text
    expect(lastOf('stdout')).toMatch(/^line 199999 /)
    expect(lastOf('stderr')).toMatch(/^line 200000 /)
  })
})

describe('cluster snapshots', () => {
  it('go out at most every 50 ms while a node crash-loops, the last one up to date', async () => {
    const { service } = serviceFor([
      {
        name: 'looper',
        port: null,
        command: 'exit 1',
        restart: { backoff: 0, maxBackoff: 0, maxRestarts: 300 },
      },
    ])
    const sentAt: number[] = []
    let last: string | undefined
    service.on('cd:cluster:snapshot', (snapshot) => {
      sentAt.push(performance.now())
      last = snapshot.nodes[0]!.state
    })
    const started = performance.now()
    await service.run('cd:node:start', { node: 'looper' })
    await waitFor(
      'the loop to end',
      () => last,
      (state) => state === 'failed',
    )
    const elapsed = performance.now() - started
    const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!)
    // 300 restarts make about 1200 state changes; a snapshot per change would be as many.
    expect(service.manager.node('looper').snapshot().restarts).toBe(300)
    expect(sentAt.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1)
    // The event loop keeps time in whole milliseconds, so a gap may look a little short.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45)
  })
})

describe('clusters through the contract', () => {
  it('validates a definition and lists its problems', async () => {
    const { service } = serviceFor([{ name: 'a', port: null, command: 'true' }])
    const result = await service.dispatch('cd:clusters:validate', {
      definition: { nodes: [{ name: 'x' }] },
    })
    expect(result).toMatchObject({
      ok: true,
      value: { ok: false, problems: [{ path: 'nodes[0].command' }] },
    })
  })

  it('saves a valid cluster, refuses an invalid one, and loads a saved one after stopping the old', async () => {
    const { service } = serviceFor([
      {
        name: 'old',
        port: null,
        command: fixture('ignores-sigterm.mjs'),
        stop: { killTimeout: 200 },
      },
    ])
    await service.run('cd:node:start', { node: 'old' })
    const refused = await service.dispatch('cd:clusters:save', {
      definition: { name: 'bad', nodes: [] },
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-cluster', details: { problems: [{ path: 'nodes' }] } },
    })
    const saved = await service.dispatch('cd:clusters:save', {
      definition: { name: 'second', nodes: [{ name: 'new', port: null, command: 'sleep 30' }] },
    })
    expect(saved).toMatchObject({
      ok: true,
      value: { name: 'second', source: 'saved', active: false, nodes: 1 },
    })
    const oldNode = service.manager.node('old')
    const loaded = await service.dispatch('cd:clusters:load', { name: 'second' })
    expect(loaded).toMatchObject({
      ok: true,
      value: { name: 'second', nodes: [{ name: 'new', state: 'stopped' }] },
    })
    expect(oldNode.snapshot().state).toBe('stopped')
    const names = await service.dispatch('cd:clusters:list', {})
    expect(names).toMatchObject({
      ok: true,
      value: [
        { name: 'test', active: false },
        { name: 'second', active: true },
      ],
    })
    expect(await service.dispatch('cd:clusters:load', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-cluster', fix: 'Use one of: test, second.' },
    })
  })

  it('says what a save will do, then restarts changed nodes, starts added ones and stops removed ones', async () => {
    const keep = {
      name: 'keep',
      port: null,
      command: fixture('ignores-sigterm.mjs'),
      stop: { killTimeout: 200 },
    }
    const change = { ...keep, name: 'change' }
    const idle = { ...keep, name: 'idle', autostart: false }
    const gone = { ...keep, name: 'gone' }
    const { service } = serviceFor([keep, change, idle, gone])
    await service.run('cd:cluster:start', {})
    const keptPid = service.manager.node('keep').snapshot().pid
    const changedPid = service.manager.node('change').snapshot().pid
    const here = { cwd: process.cwd() }
    const definition = {
      name: 'test',
      logLines: 100,
      nodes: [
        { ...keep, ...here },
        { ...change, ...here, env: { CHANGED: '1' } },
        { ...idle, ...here, env: { CHANGED: '1' } },
        { name: 'added', port: null, command: 'sleep 30', ...here },
        { name: 'later', port: null, command: 'sleep 30', autostart: false, ...here },
      ],
    }
    const expected = {
      start: ['added'],
      restart: ['change'],
      stop: ['gone'],
      change: ['idle'],
      add: ['later'],
      remove: [],
    }
    expect(await service.dispatch('cd:clusters:plan', { definition })).toEqual({
      ok: true,
      value: expected,
    })
    const saved = await service.dispatch('cd:clusters:save', { definition })
    expect(saved).toMatchObject({ ok: true, value: { applied: expected } })
    expect((saved as { value: { savedTo: string } }).value.savedTo).toMatch(/until it stops/)
    const states = () => service.manager.snapshot().nodes.map((n) => [n.name, n.state])
    await waitFor(
      'the changed and the added node to run',
      states,
      (now) =>
        JSON.stringify(now).includes('["change","running"]') &&
        JSON.stringify(now).includes('["added","running"]'),
    )
    expect(states()).toEqual([
      ['keep', 'running'],
      ['change', 'running'],
      ['idle', 'stopped'],
      ['added', 'running'],
      ['later', 'stopped'],
    ])
    expect(service.manager.node('keep').snapshot().pid).toBe(keptPid)
    expect(service.manager.node('change').snapshot().pid).not.toBe(changedPid)
    expect(service.manager.node('change').spec.env.CHANGED).toBe('1')
  })

  it('writes a cluster back to its file, keeping the old one, and plans a rename as another cluster', async () => {
    const folder = tempFolder()
    const file = join(folder, 'cluster.yaml')
    const original = 'name: onfile\nnodes:\n  - name: a\n    port: null\n    command: sleep 30\n'
    writeFileSync(file, original)
    const spec = cluster([{ name: 'a', port: null, command: 'sleep 30' }], { name: 'onfile' })
    const service = new ClusterService([{ spec, source: file, baseDir: folder }])
    disposeLater(service)
    await service.run('cd:cluster:start', {})
    const listed = await service.dispatch('cd:clusters:list', {})
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'onfile', file }] })

    const definition = {
      name: 'onfile',
      nodes: [{ name: 'a', port: null, command: 'sleep 31', cwd: folder }],
    }
    const saved = await service.dispatch('cd:clusters:save', { definition, writeFile: true })
    expect(saved).toMatchObject({ ok: true, value: { applied: { restart: ['a'] }, file } })
    expect((saved as { value: { savedTo: string } }).value.savedTo).toBe(
      `${file} (the old file is ${file}.bak)`,
    )
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original)
    expect(readFileSync(file, 'utf8')).toContain('command: sleep 31')

    const renamed = await service.dispatch('cd:clusters:plan', {
      definition: { ...definition, name: 'copy' },
    })
    expect(renamed).toMatchObject({
      ok: true,
      value: { add: ['a'], otherCluster: { name: 'copy', replaces: false, stops: ['a'] } },
    })
    const procfile = await service.dispatch('cd:clusters:save', {
      definition: { name: 'other', nodes: [{ name: 'x', port: null, command: 'true' }] },
      writeFile: true,
    })
    expect(procfile).toMatchObject({ ok: false, error: { code: 'not-available' } })
  })

  it('keeps the window preferences and reports each change', async () => {
    const changes: unknown[] = []
    const service = new ClusterService(
      [{ spec: cluster([{ name: 'a', port: null, command: 'true' }]), source: 'test' }],
      {},
      { onPreferences: (preferences) => changes.push(preferences) },
      { notifications: true, timestamps: false },
    )
    disposeLater(service)
    expect(await service.dispatch('cd:preferences:get', {})).toEqual({
      ok: true,
      value: { notifications: true, timestamps: false },
    })
    expect(await service.dispatch('cd:preferences:set', { timestamps: true })).toMatchObject({
      ok: true,
    })
    expect(changes).toEqual([{ notifications: true, timestamps: true }])
    expect(await service.dispatch('cd:preferences:set', { colour: 'red' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })

  it('answers an unknown node with the names it knows', async () => {
    const { service } = serviceFor([{ name: 'a', port: null, command: 'true' }])
    expect(await service.dispatch('cd:node:kill', { node: 'b' })).toEqual({
      ok: false,
      error: {
        code: 'unknown-node',
        message: 'There is no node named "b". The nodes are: a.',
        fix: 'Use one of: a.',
        details: { nodes: ['a'] },
      },
    })
  })
})

/** An export rendered whole, for looking at: the app itself only ever writes it in pieces. */
function exportLog(
  options: Omit<ExportOptions, 'nodes'> & {
    nodes: Array<Omit<ExportOptions['nodes'][number], 'count' | 'lines'> & { lines: LogLine[] }>
  },
) {
  const rendered = renderExport({
    ...options,
    nodes: options.nodes.map((node) => ({ ...node, count: node.lines.length })),
  })
  return {
    fileName: rendered.fileName,
    lines: rendered.lines,
    content: [...rendered.chunks()].join(''),
  }
}

describe('exported logs', () => {
  const spec = cluster([
    {
      name: 'web',
      port: 4001,
      command: 'mix phx.server',
      env: {
        SECRET_KEY_BASE: 's3cr3t',
        API_TOKEN: 't',
        RELEASE_COOKIE: 'c',
        DB_PASSWORD: 'p',
        MIX_ENV: 'dev',
      },
    },
  ]).nodes[0]!
  const snapshot = nodeSnapshot({
    name: 'web',
    state: 'failed',
    health: 'unknown',
    pid: null,
    url: null,
    restarts: 5,
    lastExit: { code: 1, signal: null, at: 0 },
  })
  const lines = [
    { seq: 1, time: 0, stream: 'stdout' as const, text: '\u001b[32mready\u001b[0m' },
    { seq: 2, time: 1, stream: 'stderr' as const, text: 'boom' },
  ]

  it('redacts every secret-looking variable', () => {
    expect(redactedEnv(spec.env)).toEqual({
      SECRET_KEY_BASE: '[redacted]',
      API_TOKEN: '[redacted]',
      RELEASE_COOKIE: '[redacted]',
      DB_PASSWORD: '[redacted]',
      MIX_ENV: 'dev',
    })
  })

  it('writes text with a header, ANSI stripped or kept', () => {
    const text = exportLog({
      cluster: 'shop',
      nodes: [{ spec, snapshot, lines }],
      format: 'text',
      ansi: 'strip',
      now: new Date(0),
    })
    expect(text.fileName).toBe('shop-web-1970-01-01T00-00-00-000Z.log')
    expect(text.content).toContain('# command:   mix phx.server')
    expect(text.content).toContain('# last exit: exit code 1')
    expect(text.content).toContain('# restarts:  5')
    expect(text.content).not.toContain('s3cr3t')
    expect(text.content).toContain('1970-01-01T00:00:00.000Z stdout ready\n')
    const kept = exportLog({
      cluster: 'shop',
      nodes: [{ spec, snapshot, lines }],
      format: 'text',
      ansi: 'keep',
    })
    expect(kept.content).toContain('\u001b[32mready')
  })

  it('writes JSON Lines, the header first', () => {
    const jsonl = exportLog({
      cluster: 'shop',
      nodes: [{ spec, snapshot, lines }],
      format: 'jsonl',
      ansi: 'strip',
    })
    const rows = jsonl.content
      .trim()
      .split('\n')
      .map((row: string) => JSON.parse(row))
    expect(rows[0]).toMatchObject({
      type: 'header',
      node: 'web',
      env: { DB_PASSWORD: '[redacted]' },
    })
    expect(rows[1]).toEqual({
      seq: 1,
      time: '1970-01-01T00:00:00.000Z',
      stream: 'stdout',
      text: 'ready',
    })
  })

  it('merges several nodes by time, one header each, every line tagged with its node', () => {
    const other = { ...spec, name: 'worker', env: {} }
    const workerLines = [{ seq: 1, time: 0.5, stream: 'stdout' as const, text: 'tick' }]
    const both = exportLog({
      cluster: 'shop',
      nodes: [
        { spec, snapshot, lines },
        { spec: other, snapshot: { ...snapshot, name: 'worker' }, lines: workerLines },
      ],
      format: 'text',
      ansi: 'strip',
      now: new Date(0),
    })
    expect(both.fileName).toBe('shop-all-nodes-1970-01-01T00-00-00-000Z.log')
    expect(both.content.match(/^# node: +\w+$/gm)).toEqual([
      '# node:      web',
      '# node:      worker',
    ])
    expect(both.content.split('\n').filter((l: string) => l.startsWith('1970'))).toEqual([
      '1970-01-01T00:00:00.000Z web stdout ready',
      '1970-01-01T00:00:00.000Z worker stdout tick',
      '1970-01-01T00:00:00.001Z web stderr boom',
    ])
  })

  it('strips colour and title sequences only', () => {
    expect(stripAnsi('\u001b[1;31mred\u001b[0m \u001b]0;title\u0007plain')).toBe('red plain')
  })
})

describe('secrets', () => {
  const phoenix = cluster([
    {
      name: 'web',
      port: null,
      command: 'elixir --name web@127.0.0.1 --cookie s3cr3t-cookie -S mix phx.server',
      env: {
        DATABASE_URL: 'postgres://app:hunter2-pass@db.local/app',
        PGPASS: 'pgpass-value',
        SECRET_KEY_BASE: 'base-value-123',
        MIX_ENV: 'dev',
      },
    },
  ]).nodes[0]!
  const snapshot = nodeSnapshot({ name: 'web', health: 'unknown', pid: 1, port: null, url: null })
  const secrets = ['s3cr3t-cookie', 'hunter2-pass', 'pgpass-value', 'base-value-123']

  it('never reach an export: not in the header, not in the lines that repeat them', () => {
    const lines = [
      'connecting to postgres://app:hunter2-pass@db.local/app',
      'cookie is s3cr3t-cookie, base is base-value-123',
      'API_TOKEN=abc123 and --cookie other-cookie and -setcookie "quoted one"',
      'ok',
    ].map((text, i) => ({ seq: i + 1, time: i, stream: 'stdout' as const, text }))
    for (const format of ['text', 'jsonl'] as const) {
      const { content } = exportLog({
        cluster: 'shop',
        nodes: [{ spec: phoenix, snapshot, lines }],
        format,
        ansi: 'strip',
      })
      for (const secret of [...secrets, 'abc123', 'other-cookie', 'quoted one']) {
        expect(content).not.toContain(secret)
      }
      expect(content).toContain('--cookie [redacted] -S mix phx.server')
      expect(content).toContain('postgres://app:[redacted]@db.local/app')
      expect(content).toContain('MIX_ENV')
    }
  })

  it('come back redacted from cd:clusters:get unless revealed, and survive a save of that', async () => {
    const spec = { ...cluster([{ name: 'x', port: null, command: 'true' }]), name: 'shop' }
    const service = new ClusterService([{ spec: { ...spec, nodes: [phoenix] }, source: 'test' }])
    disposeLater(service)
    const shown = await service.dispatch('cd:clusters:get', { name: 'shop' })
    if (!shown.ok) throw new Error(shown.error.message)
    const text = JSON.stringify(shown.value)
    for (const secret of secrets) expect(text).not.toContain(secret)
    const revealed = await service.dispatch('cd:clusters:get', { name: 'shop', reveal: true })
    expect(JSON.stringify(revealed)).toContain('s3cr3t-cookie')

    // The editor sends back what it was shown, with an edit elsewhere in the command line.
    const [node] = (shown.value as { nodes: Array<{ command: string; env: object }> }).nodes
    const definition = {
      name: 'shop',
      nodes: [
        {
          name: 'web',
          port: null,
          cwd: process.cwd(),
          command: `${node!.command} --no-halt`,
          env: node!.env,
        },
      ],
    }
    const saved = await service.dispatch('cd:clusters:save', { definition })
    expect(saved.ok).toBe(true)
    const after = service.manager.node('web').spec
    expect(after.command).toBe(`${phoenix.command} --no-halt`)
    expect(after.env).toEqual(phoenix.env)
  })

  it('hide an Erlang cookie given in an erlang: field, and put it back on save', async () => {
    const beam = cluster([
      { name: 'b', port: null, command: 'true', erlang: { name: 'b@127.0.0.1', cookie: 'k00kie' } },
    ])
    const service = new ClusterService([{ spec: beam, source: 'test' }])
    disposeLater(service)
    const shown = await service.dispatch('cd:clusters:get', { name: 'test' })
    if (!shown.ok) throw new Error(shown.error.message)
    expect(JSON.stringify(shown.value)).not.toContain('k00kie')
    const saved = await service.dispatch('cd:clusters:save', {
      definition: {
        name: 'test',
        nodes: [
          {
            name: 'b',
            port: null,
            command: 'true',
            erlang: { name: 'b@127.0.0.1', cookie: '[redacted]' },
          },
        ],
      },
    })
    expect(saved.ok).toBe(true)
    expect(service.manager.node('b').spec.erlang?.cookie).toBe('k00kie')
  })

  it('refuse a save holding a placeholder that cannot be matched to a secret', async () => {
    const { service } = serviceFor([{ name: 'a', port: null, command: 'true' }])
    const result = await service.dispatch('cd:clusters:save', {
      definition: {
        name: 'test',
        nodes: [{ name: 'renamed', port: null, command: 'run --cookie [redacted]' }],
      },
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-cluster',
        details: {
          problems: [
            {
              path: 'nodes[0].command',
              message: 'holds [redacted], a hidden secret Cluster Desk could not put back',
            },
          ],
        },
      },
    })
  })
})
