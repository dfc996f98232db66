import { describe, expect, it } from 'vitest'
import { erlangStartFailure } from '../../../src/engine/erlang/erlang-diagnosis'
import { buildMesh, parsePoll } from '../../../src/engine/erlang/mesh'
import type { ErlangNodeSpec } from '../../../src/shared/cluster/erlang-identity'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'

const result = validateCluster({
  name: 'beam',
  nodes: [1, 2, 3].map((i) => ({ name: `node${i}`, command: `erl -name node${i}@127.0.0.1` })),
})
if (!result.ok) throw new Error('the cluster is valid')
const nodes = result.cluster.nodes as ErlangNodeSpec[]
const full = (i: number) => `node${i}@127.0.0.1`
const epmd = { port: 4369, running: true, names: [], error: null }

function meshOf(lines: string[], running = [1, 2, 3]) {
  return buildMesh({
    nodes,
    fullName: (node) => node.erlang.name,
    running: new Map(running.map((i) => [`node${i}`, 0])),
    partitioned: new Set(),
    polled: new Map(
      [...parsePoll(lines)].map(([name, polled]) => [name.replace('@127.0.0.1', ''), polled]),
    ),
    epmd,
    connect: true,
    helper: null,
    refusedInLog: () => false,
    unavailable: undefined,
    now: 10_000,
  })
}

const up = (i: number, sees: number[]) =>
  `node ${full(i)} up otp=25 procs=61 mem=23000000 runq=0 uptime=812 sees=${sees.map(full).join(',')}`

describe('the mesh', () => {
  it("reads the helper's answer, figures and all", () => {
    const [node1] = meshOf([up(1, [2, 3]), up(2, [1, 3]), up(3, [1, 2])]).nodes
    expect(node1).toMatchObject({
      reachable: true,
      sees: [full(2), full(3)],
      otpRelease: '25',
      processes: 61,
      memoryBytes: 23_000_000,
      runQueue: 0,
      uptimeMs: 812,
    })
  })

  it('is formed only when every running node sees every other', () => {
    expect(meshOf([up(1, [2, 3]), up(2, [1, 3]), up(3, [1, 2])]).formed).toBe(true)
    // One way only: node3 sees node1, node1 does not see node3.
    expect(meshOf([up(1, [2]), up(2, [1, 3]), up(3, [1, 2])]).formed).toBe(false)
    expect(meshOf([up(1, [2]), up(2, [1])], [1, 2]).formed).toBe(true)
    expect(meshOf([up(1, [2]), `node ${full(2)} down`], [1, 2]).formed).toBe(false)
    expect(meshOf([], []).formed).toBe(false)
  })

  it('tells a node that runs unregistered from one that refuses the cookie', () => {
    const down = meshOf([up(1, []), `node ${full(2)} down`], [1, 2]).nodes[1]
    expect(down?.problem?.problem).toMatch(/node2 is not registered with epmd/)
  })
})

describe('an Erlang node that ended while starting', () => {
  const spec = nodes[0]!
  it.each([
    [
      "Protocol 'inet_tcp': the name node1@127.0.0.1 seems to be in use by another Erlang node",
      'erlang-name-in-use',
    ],
    ["Protocol 'inet_tcp': register/listen error: econnrefused", 'epmd-unavailable'],
    ["Can't set long node name!", 'erlang-distribution-failed'],
    ["    reason: {'EXIT',nodistribution}", 'erlang-distribution-failed'],
  ])('%s', (line, code) => {
    expect(erlangStartFailure(spec, ['=INFO REPORT====', line], [line])?.code).toBe(code)
  })

  it('is no Erlang failure when its output says none', () => {
    expect(erlangStartFailure(spec, ['** (CompileError) x.exs:1'], [])).toBeUndefined()
  })
})
