import { describe, expect, it } from 'vitest'
import type { ConfigProblem } from '../../../src/shared/cluster/problems'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

function problems(input: unknown): ConfigProblem[] {
  const result = validateCluster(input)
  if (result.ok) throw new Error('expected problems, got a valid cluster')
  return result.problems
}

function valid(input: unknown) {
  const result = validateCluster(input)
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2))
  return result.cluster
}

const paths = (input: unknown) => problems(input).map((p) => p.path)

describe('a valid cluster', () => {
  it('gets every default from the design', () => {
    const [node] = valid({ nodes: [{ name: 'web', command: 'npm start' }] }).nodes
    expect(node).toEqual({
      name: 'web',
      command: 'npm start',
      cwd: '.',
      env: {},
      host: '127.0.0.1',
      port: 4001,
      health: {
        type: 'http',
        path: '/api/health',
        intervalMs: 2000,
        timeoutMs: 1000,
        failureThreshold: 3,
        successThreshold: 1,
        onUnhealthy: 'report',
      },
      readiness: { timeoutMs: 30_000, intervalMs: 250, logLine: null },
      restart: {
        policy: 'on-failure',
        maxRestarts: 5,
        backoffMs: 1000,
        maxBackoffMs: 30_000,
        resetAfterMs: 60_000,
      },
      stop: { signal: 'SIGTERM', killTimeoutMs: 5000 },
      autostart: true,
      erlang: null,
      group: null,
      dependsOn: [],
      envFiles: [],
      watch: null,
    })
  })

  it('gives nodes without a port 4001, 4002, 4003 in order', () => {
    const cluster = valid({ nodes: ['a', 'b', 'c'].map((name) => ({ name, command: 'x' })) })
    expect(cluster.nodes.map((n) => n.port)).toEqual([4001, 4002, 4003])
    expect(cluster.name).toBe('cluster')
    expect(cluster.logLines).toBe(1000)
  })

  it('expands replicas into numbered nodes, ports and {{index}}', () => {
    const cluster = valid({
      name: 'phoenix',
      variables: { cookie: 'secret' },
      nodes: [
        {
          name: 'node',
          replicas: 3,
          port: 4001,
          command: 'elixir --name {{name}}@{{host}} --cookie {{ cookie }} -S mix phx.server',
          env: { PHX_PORT: '{{port}}', SLOT: '{{index}}', MIX_ENV: 'dev' },
          cwd: 'apps/{{name}}',
        },
      ],
    })
    expect(cluster.nodes.map((n) => [n.name, n.port, n.env.SLOT, n.env.PHX_PORT, n.cwd])).toEqual([
      ['node1', 4001, '1', '4001', 'apps/node1'],
      ['node2', 4002, '2', '4002', 'apps/node2'],
      ['node3', 4003, '3', '4003', 'apps/node3'],
    ])
    expect(cluster.nodes[2]!.command).toBe(
      'elixir --name node3@127.0.0.1 --cookie secret -S mix phx.server',
    )
  })

  it('reads durations with units, shorthands, and defaults merged under each node', () => {
    const cluster = valid({
      defaults: { stop: { killTimeout: '2s' }, env: { A: 1 }, restart: 'never' },
      nodes: [
        { name: 'a', command: 'x', health: '/healthz', readiness: '10s', env: { B: true } },
        {
          name: 'b',
          command: 'x',
          port: null,
          stop: { signal: 'int' },
          health: { interval: '1.5s' },
        },
      ],
    })
    const [a, b] = cluster.nodes
    expect(a!.health).toMatchObject({ type: 'http', path: '/healthz' })
    expect(a!.readiness.timeoutMs).toBe(10_000)
    expect(a!.env).toEqual({ A: '1', B: 'true' })
    expect(a!.restart.policy).toBe('never')
    expect(a!.stop).toEqual({ signal: 'SIGTERM', killTimeoutMs: 2000 })
    expect(b!.stop).toEqual({ signal: 'SIGINT', killTimeoutMs: 2000 })
    expect(b!.port).toBeNull()
    expect(b!.health).toEqual({ type: 'none' })
  })

  it('keeps 4 MiB per stream unless logBytes says otherwise, in bytes or with a unit', () => {
    expect(valid({ nodes: [{ name: 'a', command: 'x' }] }).logBytes).toBe(4 * 1024 * 1024)
    expect(valid({ logBytes: '512KiB', nodes: [{ name: 'a', command: 'x' }] }).logBytes).toBe(
      512 * 1024,
    )
    expect(valid({ logBytes: 100_000, nodes: [{ name: 'a', command: 'x' }] }).logBytes).toBe(
      100_000,
    )
  })

  it('accepts a host beyond loopback with a warning that says so', () => {
    const result = validateCluster({
      nodes: [
        { name: 'lan', command: 'x', host: '192.168.1.20' },
        { name: 'local', command: 'x', host: 'localhost' },
        { name: 'loop', command: 'x', host: '127.0.0.2' },
      ],
    })
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.warnings).toEqual([
      {
        path: 'nodes[0].host',
        message:
          "lan uses host 192.168.1.20, which is not this machine's loopback: it may be reachable from other machines",
        fix: 'Use 127.0.0.1 unless other machines must reach the node.',
      },
    ])
  })

  it('allows a backoff of zero', () => {
    expect(
      valid({ nodes: [{ name: 'a', command: 'x', restart: { backoff: 0 } }] }).nodes[0]!.restart
        .backoffMs,
    ).toBe(0)
  })
})

describe('problems', () => {
  it('are all reported at once, each with a path, what is wrong and a fix', () => {
    const found = problems({
      nodes: [
        { command: 'x' },
        { name: 'bad name!', command: 'x', port: 70000 },
        { name: 'web', command: 'x', helth: '/h', health: { timeout: -5 } },
        { name: 'web', command: 'x', stop: { killTimeout: 0 } },
      ],
    })
    expect(found.map((p) => p.path)).toEqual([
      'nodes[0].name',
      'nodes[1].port',
      'nodes[1].name',
      'nodes[2].helth',
      'nodes[2].health.timeout',
      'nodes[3].stop.killTimeout',
      'nodes[3].name',
    ])
    for (const problem of found) {
      expect(problem.message.length).toBeGreaterThan(5)
      expect(problem.fix.length).toBeGreaterThan(5)
    }
  })

  it('suggest the closest known field for an unknown one', () => {
    const [problem] = problems({ nodes: [{ name: 'a', command: 'x', comand: 'y' }] }).filter((p) =>
      p.path.endsWith('comand'),
    )
    expect(problem).toEqual({
      path: 'nodes[0].comand',
      message: 'unknown field "comand"',
      fix: expect.stringContaining('"command"'),
    })
    expect(problems({ nodez: [] })[0]!.fix).toContain('"nodes"')
    expect(
      problems({ nodes: [{ name: 'a', command: 'x', restart: { maxRestart: 3 } }] })[0]!.fix,
    ).toContain('"maxRestarts"')
  })

  it('name an unknown template variable and suggest a close one', () => {
    const [problem] = problems({
      variables: { cookie: 'c' },
      nodes: [{ name: 'a', command: 'elixir --cookie {{cokie}}' }],
    })
    expect(problem).toMatchObject({
      path: 'nodes[0].command',
      message: 'uses {{cokie}}, which is not defined',
    })
    expect(problem!.fix).toContain('{{cookie}}')
    expect(paths({ nodes: [{ name: 'a', command: 'x', env: { A: '{{nope}}' } }] })).toEqual([
      'nodes[0].env.A',
    ])
  })

  it('catch two nodes on one port, also through replicas', () => {
    const found = problems({
      nodes: [
        { name: 'node', replicas: 3, port: 4001, command: 'x' },
        { name: 'api', port: 4002, command: 'x' },
      ],
    })
    expect(found).toEqual([
      {
        path: 'nodes[1].port',
        message: 'api and node2 both use port 4002',
        fix: 'Give every node its own port.',
      },
    ])
  })

  it('catch duplicate names after replicas are expanded', () => {
    expect(
      paths({
        nodes: [
          { name: 'n', replicas: 2, command: 'x' },
          { name: 'n1', command: 'x' },
        ],
      }),
    ).toEqual(['nodes[1].name'])
  })

  it('refuse more than 50 nodes unless maxNodes is raised', () => {
    const many = { nodes: [{ name: 'n', replicas: 51, port: 5000, command: 'x' }] }
    expect(problems(many)).toEqual([
      expect.objectContaining({
        path: 'nodes',
        message: 'the cluster has 51 nodes; at most 50 are allowed',
      }),
    ])
    expect(valid({ ...many, maxNodes: 60 }).nodes).toHaveLength(51)
  })

  it('refuse negative or zero timeouts and intervals', () => {
    expect(
      paths({
        nodes: [
          {
            name: 'a',
            command: 'x',
            health: { interval: 0, timeout: '-1s' },
            readiness: { timeout: 0 },
            restart: { resetAfter: -1 },
            stop: { killTimeout: 'soon' },
          },
        ],
      }),
    ).toEqual([
      'nodes[0].health.interval',
      'nodes[0].health.timeout',
      'nodes[0].readiness.timeout',
      'nodes[0].restart.resetAfter',
      'nodes[0].stop.killTimeout',
    ])
  })

  it('explain a file that is not a mapping, or has no nodes', () => {
    expect(problems([1, 2])[0]!.message).toBe('must be a mapping, got a list')
    expect(problems({ name: 'x' })).toEqual([
      { path: 'nodes', message: 'is missing', fix: 'List the nodes to run under nodes: [ … ].' },
    ])
    expect(problems({ nodes: [] })[0]).toMatchObject({ path: 'nodes', message: 'is empty' })
  })

  it('refuse a health check on a node without a port', () => {
    expect(
      problems({ nodes: [{ name: 'a', command: 'x', port: null, health: 'tcp' }] })[0],
    ).toMatchObject({
      path: 'nodes[0].health',
      fix: 'Give the node a port, or set health: none.',
    })
  })

  it('refuse a variable that shadows a built-in one', () => {
    expect(paths({ variables: { port: '1' }, nodes: [{ name: 'a', command: 'x' }] })).toEqual([
      'variables.port',
    ])
  })

  it('refuse wrong types with what was given', () => {
    const found = problems({
      nodes: [{ name: 5, command: ['x'], autostart: 'yes', replicas: 1.5, env: { A: {} } }],
    })
    expect(found.map((p) => [p.path, p.message])).toEqual([
      ['nodes[0].name', 'must be a non-empty text, got 5'],
      ['nodes[0].replicas', 'must be a whole number, got 1.5'],
      ['nodes[0].command', 'must be a non-empty text, got a list'],
      ['nodes[0].env.A', 'must be a text, got a mapping'],
      ['nodes[0].autostart', 'must be true or false, got "yes"'],
    ])
  })

  it('suggest the closest value for a misspelt choice', () => {
    expect(problems({ nodes: [{ name: 'a', command: 'x', restart: 'on-failur' }] })[0]!.fix).toBe(
      'Did you mean "on-failure"?',
    )
    expect(
      problems({ nodes: [{ name: 'a', command: 'x', stop: { signal: 'SIGKILL' } }] })[0]!.path,
    ).toBe('nodes[0].stop.signal')
  })
})
