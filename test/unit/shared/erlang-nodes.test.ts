import { describe, expect, it } from 'vitest'
import { erlangIdentityOf, shellWords } from '../../../src/shared/cluster/erlang-identity'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

const validate = (nodes: unknown[], extra: Record<string, unknown> = {}) =>
  validateCluster({ name: 'beam', nodes, ...extra })

function valid(nodes: unknown[], extra: Record<string, unknown> = {}) {
  const result = validate(nodes, extra)
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2))
  return result.cluster
}

function problems(nodes: unknown[], extra: Record<string, unknown> = {}) {
  const result = validate(nodes, extra)
  if (result.ok) throw new Error('expected problems, got a valid cluster')
  return result.problems
}

const node = (name: string, command: string, extra: Record<string, unknown> = {}) => ({
  name,
  command,
  ...extra,
})

describe('an Erlang node, from its command line', () => {
  it.each([
    [
      'elixir --name node1@127.0.0.1 --cookie s3cret -S mix phx.server',
      { name: 'node1@127.0.0.1', longNames: true, cookie: 's3cret' },
    ],
    ['erl -sname a -setcookie c -noshell', { name: 'a', longNames: false, cookie: 'c' }],
    [
      'iex --name=a@host.lan --cookie="two words"',
      { name: 'a@host.lan', longNames: true, cookie: 'two words' },
    ],
    [
      'erl -name x@127.0.0.1 -name y@127.0.0.1',
      { name: 'y@127.0.0.1', longNames: true, cookie: null },
    ],
  ])('%s', (command, identity) => {
    expect(erlangIdentityOf(command)).toEqual(identity)
  })

  it('is no Erlang node without a name flag, whatever else it says', () => {
    expect(erlangIdentityOf('node server.js --cookie abc')).toBeUndefined()
    expect(erlangIdentityOf('elixir --name')).toBeUndefined()
  })

  it('splits words as a shell would for simple lines', () => {
    expect(shellWords(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g'])
  })

  it('renders templates first, so replicas get a name each', () => {
    const cluster = valid([
      {
        name: 'web',
        replicas: 3,
        command: 'elixir --name {{name}}@127.0.0.1 --cookie c -S mix phx.server',
      },
    ])
    expect(cluster.nodes.map((n) => n.erlang?.name)).toEqual([
      'web1@127.0.0.1',
      'web2@127.0.0.1',
      'web3@127.0.0.1',
    ])
    expect(cluster.erlang.connect).toBe(true)
  })

  it('takes an erlang: field over the command line, templates and all', () => {
    const [spec] = valid([
      node('a', 'bin/app start', { erlang: { name: '{{name}}@10.0.0.5', cookie: 'k' } }),
    ]).nodes
    expect(spec?.erlang).toEqual({ name: 'a@10.0.0.5', longNames: true, cookie: 'k' })
    const [short] = valid([node('b', 'bin/app start', { erlang: { name: 'b' } })]).nodes
    expect(short?.erlang).toEqual({ name: 'b', longNames: false, cookie: null })
  })
})

describe('the rules of one Erlang cluster', () => {
  it('refuses long and short names mixed, and says how to fix it', () => {
    const [problem] = problems([
      node('a', 'elixir --name a@127.0.0.1 x.exs'),
      node('b', 'elixir --sname b x.exs'),
    ])
    expect(problem).toEqual({
      path: 'nodes[1].command',
      message:
        'b uses short names (--sname) and a long names (--name): Erlang nodes with long and short names cannot connect',
      fix: 'Use --name for every node of the cluster, or --sname for every node.',
    })
  })

  it('refuses two nodes with one Erlang name', () => {
    const [problem] = problems([
      node('a', 'elixir --name app@127.0.0.1 x.exs'),
      node('b', 'elixir --name app@127.0.0.1 y.exs'),
    ])
    expect(problem?.path).toBe('nodes[1].command')
    expect(problem?.message).toMatch(/b and a both use the Erlang name app/)
    expect(problem?.fix).toMatch(/--name \{\{name\}\}@/)
  })

  it('refuses different cookies on the command lines of one cluster', () => {
    const [problem] = problems([
      node('a', 'elixir --name a@127.0.0.1 --cookie one x.exs'),
      node('b', 'elixir --name b@127.0.0.1 --cookie two x.exs'),
    ])
    expect(problem?.message).toMatch(/b's cookie differs from a's/)
    expect(problem?.fix).toMatch(/one cookie for the cluster/)
  })

  it('connects two or more Erlang nodes unless told not to', () => {
    const two = [node('a', 'erl -sname a'), node('b', 'erl -sname b')]
    expect(valid(two).erlang).toEqual({ connect: true })
    expect(valid(two, { erlang: { connect: false } }).erlang).toEqual({ connect: false })
    expect(valid([node('a', 'erl -sname a')]).erlang).toEqual({ connect: false })
    expect(valid([node('w', 'node server.js')]).erlang).toEqual({ connect: false })
  })

  it('refuses a name that is not one, and unknown fields', () => {
    const found = problems([node('a', 'x', { erlang: { name: 'a b@h', cookie: 'k', nodes: 3 } })], {
      erlang: { connect: 'yes' },
    })
    expect(found.map((p) => p.path).sort()).toEqual([
      'erlang.connect',
      'nodes[0].erlang.name',
      'nodes[0].erlang.nodes',
    ])
  })

  it('checks readiness and health by Erlang ping only on an Erlang node, with or without a port', () => {
    const [problem] = problems([node('w', 'node server.js', { health: 'erlang' })])
    expect(problem?.path).toBe('nodes[0].health')
    expect(problem?.fix).toMatch(/--name or --sname/)
    const [quiet] = valid([node('q', 'erl -sname q', { port: null, health: 'erlang' })]).nodes
    expect(quiet?.health.type).toBe('erlang')
  })
})
