import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadClusterFile } from '../../../src/engine/supervisor/cluster-file'
import { tempFolder } from '../../helpers/temp'

/** [what is wrong, file name, file text, every problem expected as [path, message]] */
const CASES: Array<[string, string, string, Array<[string, string | RegExp]>]> = [
  ['an empty file', 'c.yaml', '', [['', /c\.yaml is empty$/]]],
  ['a file of blank lines', 'c.json', '\n\n  \n', [['', /c\.json is empty$/]]],
  ['a list at the top', 'c.yaml', '- a\n- b\n', [['', 'must be a mapping, got a list']]],
  ['a plain word', 'c.yaml', 'hello\n', [['', 'must be a mapping, got "hello"']]],
  ['JSON with a trailing comma', 'c.json', '{"nodes": [],}', [['', /c\.json is not valid JSON/]]],
  [
    'YAML with a bad indent',
    'c.yaml',
    'nodes:\n  - name: a\n   command: x\n',
    [['', /is not valid YAML/]],
  ],
  [
    'YAML with a duplicate key',
    'c.yaml',
    'name: a\nname: b\nnodes: []\n',
    [['', /is not valid YAML/]],
  ],
  ['no nodes', 'c.yaml', 'name: x\n', [['nodes', 'is missing']]],
  ['nodes not a list', 'c.yaml', 'nodes: {a: 1}\n', [['nodes', 'must be a list']]],
  ['an empty node list', 'c.yaml', 'nodes: []\n', [['nodes', 'is empty']]],
  [
    'a node that is a word',
    'c.yaml',
    'nodes: [web]\n',
    [['nodes[0]', 'must be a mapping, got "web"']],
  ],
  [
    'a node without a name',
    'c.yaml',
    'nodes:\n  - command: x\n',
    [['nodes[0].name', 'is missing']],
  ],
  [
    'a node without a command',
    'c.yaml',
    'nodes:\n  - name: a\n',
    [['nodes[0].command', 'is missing']],
  ],
  [
    'an empty command',
    'c.yaml',
    'nodes:\n  - {name: a, command: ""}\n',
    [['nodes[0].command', 'must be a non-empty text, got ""']],
  ],
  [
    'a command that is a list',
    'c.yaml',
    'nodes:\n  - {name: a, command: [npm, start]}\n',
    [['nodes[0].command', 'must be a non-empty text, got a list']],
  ],
  [
    'a name with a space',
    'c.yaml',
    'nodes:\n  - {name: my node, command: x}\n',
    [['nodes[0].name', '"my node" has characters a node name cannot hold']],
  ],
  [
    'a name with a slash',
    'c.yaml',
    'nodes:\n  - {name: a/b, command: x}\n',
    [['nodes[0].name', '"a/b" has characters a node name cannot hold']],
  ],
  [
    'a name of 65 characters',
    'c.yaml',
    `nodes:\n  - {name: ${'n'.repeat(65)}, command: x}\n`,
    [['nodes[0].name', 'is 65 characters long']],
  ],
  [
    'two nodes with one name',
    'c.yaml',
    'nodes:\n  - {name: a, command: x}\n  - {name: a, command: y}\n',
    [['nodes[1].name', '"a" is used by more than one node']],
  ],
  [
    'port 0',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: 0}\n',
    [['nodes[0].port', 'must be from 1 to 65535, got 0']],
  ],
  [
    'port 70000',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: 70000}\n',
    [['nodes[0].port', 'must be from 1 to 65535, got 70000']],
  ],
  [
    'a port in words',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: eighty}\n',
    [['nodes[0].port', 'must be a whole number, got "eighty"']],
  ],
  [
    'two nodes on one port',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: 5000}\n  - {name: b, command: y, port: 5000}\n',
    [['nodes[1].port', 'b and a both use port 5000']],
  ],
  [
    'replicas past port 65535',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: 65535, replicas: 2}\n',
    [['nodes[0].replicas', '2 replicas from port 65535 would go past port 65535']],
  ],
  [
    'zero replicas',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, replicas: 0}\n',
    [['nodes[0].replicas', 'must be from 1 to 500, got 0']],
  ],
  [
    '51 nodes',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: 5000, replicas: 51}\n',
    [['nodes', 'the cluster has 51 nodes; at most 50 are allowed']],
  ],
  [
    'an unknown field',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, comand: y}\n',
    [['nodes[0].comand', 'unknown field "comand"']],
  ],
  [
    'an unknown top-level field',
    'c.yaml',
    'nodez: []\nnodes:\n  - {name: a, command: x}\n',
    [['nodez', 'unknown field "nodez"']],
  ],
  [
    'an unknown health field',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, health: {pth: /h}}\n',
    [['nodes[0].health.pth', 'unknown field "pth"']],
  ],
  [
    'a health path without a slash',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, health: {path: health}}\n',
    [['nodes[0].health.path', 'must start with "/", got "health"']],
  ],
  [
    'an unknown health type',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, health: {type: grpc}}\n',
    [['nodes[0].health.type', 'must be one of http, tcp, erlang, none; got "grpc"']],
  ],
  [
    'a health check on a portless node',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, port: null, health: tcp}\n',
    [['nodes[0].health', 'a tcp health check needs a port, and this node has port: null']],
  ],
  [
    'a negative health timeout',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, health: {timeout: -1}}\n',
    [['nodes[0].health.timeout', 'must be greater than zero, got -1']],
  ],
  [
    'a zero readiness timeout',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, readiness: 0}\n',
    [['nodes[0].readiness', 'must be greater than zero, got 0']],
  ],
  [
    'a kill timeout in words',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, stop: {killTimeout: soon}}\n',
    [['nodes[0].stop.killTimeout', 'must be a duration, got "soon"']],
  ],
  [
    'a signal that cannot be caught',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, stop: {signal: SIGKILL}}\n',
    [['nodes[0].stop.signal', /must be one of SIGTERM/]],
  ],
  [
    'a misspelt restart policy',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, restart: on-failur}\n',
    [['nodes[0].restart', 'must be one of on-failure, always, never; got "on-failur"']],
  ],
  [
    'negative restarts',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, restart: {maxRestarts: -1}}\n',
    [['nodes[0].restart.maxRestarts', 'must be from 0 to 1000, got -1']],
  ],
  [
    'autostart as a word',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, autostart: "yes"}\n',
    [['nodes[0].autostart', 'must be true or false, got "yes"']],
  ],
  [
    'an env that is a list',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, env: [A=1]}\n',
    [['nodes[0].env', 'must be a mapping, got a list']],
  ],
  [
    'an env name with a dash',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, env: {MY-VAR: 1}}\n',
    [['nodes[0].env.MY-VAR', '"MY-VAR" is not a valid name']],
  ],
  [
    'an env value that is a mapping',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, env: {A: {b: 1}}}\n',
    [['nodes[0].env.A', 'must be a text, got a mapping']],
  ],
  [
    'an unknown template variable',
    'c.yaml',
    'nodes:\n  - {name: a, command: "run {{cookie}}"}\n',
    [['nodes[0].command', 'uses {{cookie}}, which is not defined']],
  ],
  [
    'a variable shadowing port',
    'c.yaml',
    'variables: {port: 1}\nnodes:\n  - {name: a, command: x}\n',
    [['variables.port', '"port" is set for every node by Cluster Desk and cannot be redefined']],
  ],
  [
    'a host with a space',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, host: "my host"}\n',
    [['nodes[0].host', '"my host" is not a host name or address']],
  ],
  [
    'maxNodes of zero',
    'c.yaml',
    'maxNodes: 0\nnodes:\n  - {name: a, command: x}\n',
    [['maxNodes', 'must be from 1 to 500, got 0']],
  ],
  [
    'a health interval past what a timer can wait',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, health: {interval: 3e9}}\n',
    [['nodes[0].health.interval', '3000000000 is longer than 24 days, more than a timer can wait']],
  ],
  [
    'a backoff of 1e308 milliseconds',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, restart: {backoff: 1e308}}\n',
    [['nodes[0].restart.backoff', /is longer than 24 days/]],
  ],
  [
    'a kill timeout of 25 days',
    'c.yaml',
    'nodes:\n  - {name: a, command: x, stop: {killTimeout: 36000m}}\n',
    [['nodes[0].stop.killTimeout', '"36000m" is longer than 24 days, more than a timer can wait']],
  ],
  [
    'a command line too long for one argument',
    'c.yaml',
    `nodes:\n  - {name: a, command: "echo ${'x'.repeat(200_000)}"}\n`,
    [['nodes[0].command', /a's command line is 200005 bytes, over the 131072-byte limit/]],
  ],
  [
    'a YAML alias bomb',
    'c.yaml',
    [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'nodes: *d',
    ].join('\n'),
    [['', /c\.yaml cannot be read: Excessive alias count/]],
  ],
  [
    'a log size in words',
    'c.yaml',
    'logBytes: lots\nnodes:\n  - {name: a, command: x}\n',
    [['logBytes', 'must be a size, got "lots"']],
  ],
  [
    'a log size of 2 GiB',
    'c.yaml',
    'logBytes: 2GiB\nnodes:\n  - {name: a, command: x}\n',
    [['logBytes', 'must be from 64 KiB to 256 MiB, got "2GiB"']],
  ],
  [
    'defaults naming a node',
    'c.yaml',
    'defaults: {name: x}\nnodes:\n  - {name: a, command: x}\n',
    [['defaults.name', 'unknown field "name"']],
  ],
]

describe('malformed cluster files', () => {
  const folder = tempFolder('malformed')

  it(`covers at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40)
  })

  CASES.forEach(([what, fileName, text, expected], index) => {
    it(`refuses ${what}`, async () => {
      const path = join(folder, `${index}-${fileName}`)
      writeFileSync(path, text)
      const result = await loadClusterFile(path)
      if (result.ok) throw new Error(`${what}: accepted`)
      const problems = result.problems.map((p) => [p.path, p.message])
      expect(problems).toEqual(
        expected.map(([path, message]) => [
          path,
          typeof message === 'string' ? message : expect.stringMatching(message),
        ]),
      )
      for (const problem of result.problems) expect(problem.fix.length).toBeGreaterThan(10)
    })
  })
})
