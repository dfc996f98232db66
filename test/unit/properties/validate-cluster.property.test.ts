import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

const FIELDS = [
  'name',
  'command',
  'port',
  'replicas',
  'env',
  'health',
  'restart',
  'stop',
  'readiness',
  'cwd',
  'host',
  'autostart',
  'typo',
]
const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 70_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '5s',
    '-1s',
    'tcp',
    'none',
    '/api/health',
    'on-failure',
    'never',
    '{{port}}',
    '{{nope}}',
    'SIGTERM',
  ),
  fc.dictionary(
    fc.constantFrom('type', 'path', 'timeout', 'interval', 'policy', 'signal', 'A', 'B'),
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 99 })),
  ),
)
const node = fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 8 })
const cluster = fc.oneof(
  fc.record({
    name: fc.option(fc.string({ maxLength: 10 })),
    nodes: fc.oneof(fc.array(node, { maxLength: 6 }), anyValue),
    variables: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), anyValue, { maxKeys: 3 })),
  }),
  anyValue,
)

describe('validating any cluster definition', () => {
  it('never throws, and gives either a valid cluster or problems that each name a path and a fix', () => {
    fc.assert(
      fc.property(cluster, (input) => {
        const result = validateCluster(input)
        if (result.ok) {
          expect(result.cluster.nodes.length).toBeGreaterThan(0)
          for (const n of result.cluster.nodes) expect(n.name).toMatch(/^[A-Za-z0-9_.-]+$/)
        } else {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const problem of result.problems) {
            expect(typeof problem.path).toBe('string')
            expect(problem.message.length).toBeGreaterThan(0)
            expect(problem.fix.length).toBeGreaterThan(0)
          }
        }
      }),
      { numRuns: 2000 },
    )
  })
})
