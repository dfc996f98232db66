import { describe, expect, it } from 'vitest'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

const nodes = (...entries: Array<Record<string, unknown>>) =>
  validateCluster({ name: 'stack', nodes: entries })
const problemsOf = (...entries: Array<Record<string, unknown>>) => {
  const result = nodes(...entries)
  if (result.ok) throw new Error('expected problems')
  return result.problems
}
const valid = (...entries: Array<Record<string, unknown>>) => {
  const result = nodes(...entries)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.cluster
}

describe('dependsOn', () => {
  it('names nodes with conditions, a list meaning healthy, a group meaning each replica', () => {
    const cluster = valid(
      { name: 'db', command: 'x', port: 5432 },
      { name: 'migrate', command: 'x', port: null, restart: 'never', dependsOn: ['db'] },
      {
        name: 'web',
        command: 'x',
        replicas: 2,
        dependsOn: { db: 'healthy', migrate: 'completed' },
      },
      { name: 'lb', command: 'x', dependsOn: { web: 'started', web2: 'healthy' } },
    )
    const of = (name: string) => cluster.nodes.find((node) => node.name === name)?.dependsOn
    expect(of('migrate')).toEqual([{ node: 'db', condition: 'healthy' }])
    expect(of('web2')).toEqual([
      { node: 'db', condition: 'healthy' },
      { node: 'migrate', condition: 'completed' },
    ])
    expect(of('lb')).toEqual([
      { node: 'web1', condition: 'started' },
      { node: 'web2', condition: 'started' },
      { node: 'web2', condition: 'healthy' },
    ])
    expect(cluster.nodes.map((node) => node.group)).toEqual([null, null, 'web', 'web', null])
  })

  it('refuses a cycle, naming it in order, with a fix', () => {
    const [problem] = problemsOf(
      { name: 'web', command: 'x', dependsOn: ['api'] },
      { name: 'api', command: 'x', dependsOn: ['cache'] },
      { name: 'cache', command: 'x', dependsOn: ['web'] },
    )
    expect(problem).toEqual({
      path: 'nodes[0].dependsOn',
      message: 'web → api → cache → web is a cycle: none of them could ever start',
      fix: 'Remove one of these dependencies.',
    })
  })

  it('refuses unknown names (with the closest one), itself, bad conditions, and completing what never completes', () => {
    const found = problemsOf(
      { name: 'db', command: 'x', restart: 'always' },
      { name: 'web', command: 'x', dependsOn: { dbb: 'healthy', web: 'started', db: 'completed' } },
      { name: 'job', command: 'x', dependsOn: { db: 'ready' } },
    )
    expect(found.map((p) => [p.path, p.message, p.fix])).toEqual([
      [
        'nodes[2].dependsOn.db',
        'must be one of started, healthy, completed; got "ready"',
        'Use one of: started, healthy, completed.',
      ],
      [
        'nodes[1].dependsOn.dbb',
        'web depends on "dbb", which is no node or replica group of this cluster',
        'Did you mean "db"?',
      ],
      ['nodes[1].dependsOn.web', 'web depends on itself', 'Remove it from its own dependsOn.'],
      [
        'nodes[1].dependsOn.db',
        'web waits for db to complete, but db restarts always and never completes',
        'Give db restart: never (a one-shot task), or wait for it to be healthy.',
      ],
    ])
  })

  it('is not allowed in defaults', () => {
    const result = validateCluster({
      defaults: { dependsOn: ['db'] },
      nodes: [{ name: 'db', command: 'x' }],
    })
    expect(result.ok).toBe(false)
  })
})

describe('the other start fields', () => {
  it('reads envFile (one or a list), watch, readiness.logLine and health.onUnhealthy', () => {
    const [node] = valid({
      name: 'web',
      command: 'x',
      envFile: ['.env', '.env.local'],
      watch: { paths: ['lib'], ignore: ['**/*.log'], debounce: '1s' },
      readiness: { logLine: 'Running .* with Cowboy' },
      health: { path: '/up', onUnhealthy: 'restart' },
    }).nodes
    expect(node?.envFiles).toEqual(['.env', '.env.local'])
    expect(node?.watch).toEqual({ paths: ['lib'], ignore: ['**/*.log'], debounceMs: 1000 })
    expect(node?.readiness.logLine).toBe('Running .* with Cowboy')
    expect(node?.health).toMatchObject({ type: 'http', path: '/up', onUnhealthy: 'restart' })
    const [short] = valid({ name: 'a', command: 'x', envFile: '.env', watch: 'lib' }).nodes
    expect(short?.envFiles).toEqual(['.env'])
    expect(short?.watch).toEqual({ paths: ['lib'], ignore: [], debounceMs: 500 })
  })

  it('refuses a readiness pattern that is no regular expression, and a watch without paths', () => {
    const found = problemsOf({
      name: 'a',
      command: 'x',
      readiness: { logLine: 'Running (' },
      watch: { ignore: ['x'] },
      health: { onUnhealthy: 'reboot' },
    })
    expect(found.map((p) => p.path).sort()).toEqual([
      'nodes[0].health.onUnhealthy',
      'nodes[0].readiness.logLine',
      'nodes[0].watch.paths',
    ])
    const pattern = found.find((p) => p.path === 'nodes[0].readiness.logLine')
    expect(pattern?.message).toMatch(/^is not a regular expression: /)
  })
})
