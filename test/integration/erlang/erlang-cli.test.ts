import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, isolatedEnv, startUp } from '../../helpers/cli'
import { erlangNode, privateEpmd } from '../../helpers/erlang'
import { freePorts, waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const epmd = await privateEpmd()
afterAll(() => epmd.stop())

async function clusterFile(count: number) {
  const ports = await freePorts(count)
  const path = join(tempFolder('config'), 'cluster.json')
  const nodes = ports.map((port, i) => erlangNode(`node${i + 1}`, port))
  writeFileSync(path, JSON.stringify({ name: 'beam', nodes }))
  return { path, ports }
}

/** Runs `cluster-desk ARGS` on a pseudo-terminal, as a person would, typing `input` into it. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv, input: Array<[number, string]>) {
  const command = ['node', 'bin/cluster-desk.mjs', ...args].join(' ')
  const child = spawn('script', ['-qfc', command, '/dev/null'], {
    env: { ...process.env, ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  void (async () => {
    for (const [waitMs, text] of input) {
      await new Promise((resolve) => setTimeout(resolve, waitMs))
      child.stdin.write(text)
    }
  })()
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, output: output.replaceAll('\r', '') })),
  )
}

describe('the Erlang commands of the CLI', () => {
  it('shows the mesh, partitions, heals and opens a remote shell', async () => {
    const env = { ...isolatedEnv(), ERL_EPMD_PORT: String(epmd.port) }
    const { path } = await clusterFile(3)
    const up = await startUp(path, env)
    try {
      const formed = await waitFor(
        'the mesh to form',
        async () => JSON.parse((await cli(['mesh', '--json'], env)).stdout || '{}'),
        (mesh) => mesh.formed === true,
      )
      expect(Object.keys(formed)).toEqual(['formed', 'epmd', 'nodes'])
      expect(formed.epmd.port).toBe(epmd.port)
      expect(formed.nodes[0]).toEqual({
        name: 'node1',
        erlangName: 'node1@127.0.0.1',
        reachable: true,
        sees: expect.arrayContaining(['node2@127.0.0.1', 'node3@127.0.0.1']),
        partitioned: false,
        otpRelease: expect.stringMatching(/^\d+$/),
        processes: expect.any(Number),
        memoryBytes: expect.any(Number),
      })
      const status = JSON.parse((await cli(['status', '--json'], env)).stdout)
      expect(status.erlang).toEqual({ formed: true })

      const cut = await cli(['partition', 'node2'], env)
      expect(cut.code).toBe(0)
      expect(cut.stdout).toContain('node2 is cut off from the other nodes')
      const apart = await cli(['mesh', '--json'], env)
      expect(apart.code).toBe(1)
      const node2 = JSON.parse(apart.stdout).nodes[1]
      expect(node2).toMatchObject({ name: 'node2', partitioned: true, sees: [] })
      const text = await cli(['mesh'], env)
      expect(text.stdout).toMatch(/node2\s+node2@127\.0\.0\.1\s+partitioned/)
      expect(text.stdout).toContain('cluster-desk heal node2')

      const healed = await cli(['heal'], env)
      expect(healed.stdout).toContain('the cluster is formed')
      expect((await cli(['heal', 'node7'], env)).code).toBe(2)

      // A real remote shell on node1: it runs there, and its own hidden node is nobody's peer.
      const shell = await onTerminal(['remsh', 'node1'], env, [
        [3000, 'IO.puts("remote=#{node()} peers=#{Enum.count(Node.list())}")\n'],
        [1500, '\u0007'],
        [500, 'q\n'],
      ])
      expect(shell.output).toContain('remote=node1@127.0.0.1 peers=2')
      expect(shell.code).toBe(0)
    } finally {
      up.child.kill('SIGTERM')
      await up.exited
    }
  }, 60_000)

  it('runs a command once the mesh is formed, with run --wait mesh', async () => {
    const { path, ports } = await clusterFile(2)
    const check = `fetch('http://127.0.0.1:${ports[0]}/api/health').then(r => r.json()).then(b => { console.log('node1 sees ' + b.nodes.join(',')); process.exit(b.nodes.length === 1 ? 0 : 9) })`
    const run = await cli(
      ['run', '--config', path, '--wait', 'mesh', '--', process.execPath, '-e', check],
      { ...isolatedEnv(), ERL_EPMD_PORT: String(epmd.port) },
    )
    expect(run.stdout).toContain('node1 sees node2@127.0.0.1')
    expect(run.code).toBe(0)
  }, 60_000)
})
