import { describe, expect, it } from 'vitest'
import {
  definitionOf,
  describeProblemPath,
  draftFromDefinition,
  draftFromSpec,
  emptyNode,
  problemPlace,
  problemsOf,
  withoutField,
} from '../../../src/renderer/src/editor/draft'
import { PRESETS, procfileToDefinition } from '../../../src/shared/cluster/presets'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

const spec = (definition: unknown) => {
  const result = validateCluster(definition)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.cluster
}

describe('the editor draft', () => {
  it('turns an engine spec into a form and back into the same spec', () => {
    const original = spec({
      name: 'shop',
      nodes: [
        {
          name: 'api',
          command: 'npm start',
          port: 4100,
          env: { A: '1', B: 'x=y' },
          health: { path: '/healthz', expectStatus: 204 },
          restart: { maxRestarts: 2 },
        },
        {
          name: 'worker',
          command: 'node w.js',
          port: null,
          autostart: false,
          stop: { signal: 'SIGINT', killTimeout: '2s' },
        },
      ],
    })
    expect(spec(definitionOf(draftFromSpec(original)))).toEqual(original)
  })

  it('keeps dependencies, env files, watches, log-line readiness and onUnhealthy through the form', () => {
    const original = spec({
      name: 'stack',
      nodes: [
        { name: 'db', command: 'pg', port: 5432, health: { type: 'tcp', onUnhealthy: 'restart' } },
        {
          name: 'migrate',
          command: 'mix ecto.migrate',
          port: null,
          restart: 'never',
          dependsOn: ['db'],
        },
        {
          name: 'web',
          command: 'mix phx.server',
          dependsOn: { db: 'healthy', migrate: 'completed' },
          envFile: ['/srv/.env'],
          watch: { paths: ['lib'], ignore: ['**/*.log'] },
          readiness: { logLine: 'Running .* with Cowboy' },
          health: { path: '/up', onUnhealthy: 'restart' },
        },
      ],
    })
    expect(spec(definitionOf(draftFromSpec(original)))).toEqual(original)
  })

  it('keeps Erlang identities, the connect choice and the log limits through the form', () => {
    const original = spec({
      name: 'beam',
      logLines: 200,
      erlang: { connect: false },
      nodes: [
        { name: 'a', command: 'elixir --name a@127.0.0.1 --cookie c x.exs', host: 'localhost' },
        { name: 'b', command: 'bin/b start', erlang: { name: 'b@127.0.0.1', cookie: 'c' } },
      ],
    })
    const definition = definitionOf(draftFromSpec(original))
    expect(spec(definition)).toEqual(original)
    // What the command line says is not written twice.
    const nodes = definition.nodes as Array<Record<string, unknown>>
    expect(nodes[0]?.erlang).toBeUndefined()
    expect(nodes[1]?.erlang).toEqual({ name: 'b@127.0.0.1', cookie: 'c', names: 'long' })
  })

  it('validates every preset as it is', () => {
    for (const preset of Object.values(PRESETS))
      expect(problemsOf(draftFromDefinition(preset))).toEqual([])
    expect(
      spec(definitionOf(draftFromDefinition(PRESETS['Phoenix cluster']))).nodes.map((n) => [
        n.name,
        n.port,
      ]),
    ).toEqual([
      ['node1', 4001],
      ['node2', 4002],
      ['node3', 4003],
    ])
  })

  it('reports the problems of a half-filled node by path', () => {
    const draft = draftFromDefinition({ name: 'x', nodes: [] })
    draft.nodes.push({ ...emptyNode(1), port: 'abc' })
    expect(
      problemsOf(draft)
        .map((p) => p.path)
        .sort(),
    ).toEqual(['nodes[0].command', 'nodes[0].port'])
  })

  it('imports a Procfile: $PORT gives a node its own port, a worker without it listens on none', () => {
    const definition = procfileToDefinition(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Procfile's own ${PORT}, not a template
      'web: bundle exec puma -p $PORT\n# comment\nworker: sidekiq\napi: node api.js --port=${PORT}\n',
    )
    const cluster = spec(definition)
    expect(cluster.nodes.map((n) => [n.name, n.command, n.port, n.health.type])).toEqual([
      ['web', 'bundle exec puma -p 4001', 4001, 'http'],
      ['worker', 'sidekiq', null, 'none'],
      ['api', 'node api.js --port=4003', 4003, 'http'],
    ])
  })
})

describe('problems in the editor', () => {
  const imported = draftFromDefinition({
    name: 'shop',
    nodes: [
      { name: 'api', command: 'npm start', helth: '/api/health' },
      { name: 'web', command: 'npm run web', health: { path: '/h', tiemout: '1s' } },
    ],
  })

  it('offers to remove an imported unknown field, at any depth, and nothing else', () => {
    const problems = problemsOf(imported)
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].helth', 'nodes[1].health.tiemout'])
    let fixed = imported
    for (const problem of problems) fixed = withoutField(fixed, problem.path)!
    expect(problemsOf(fixed)).toEqual([])
    expect(definitionOf(fixed).nodes).toEqual([
      expect.not.objectContaining({ helth: expect.anything() }),
      expect.objectContaining({ health: { path: '/h', type: 'http' } }),
    ])
    // A field the form shows is fixed in its input, not removed.
    expect(withoutField(imported, 'nodes[0].command')).toBeUndefined()
  })

  it('names the node and marks the field a problem is about', () => {
    expect(describeProblemPath('nodes[1].health.timeout', imported)).toBe('web › health › timeout')
    expect(describeProblemPath('', imported)).toBe('cluster')
    expect(problemPlace('nodes[1].port')).toEqual({ node: 1, field: 'port' })
    expect(problemPlace('nodes[0].helth')).toEqual({ node: 0, field: undefined })
    expect(problemPlace('logLines')).toEqual({})
  })
})
