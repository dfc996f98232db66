import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ClusterManager } from '../src/engine/supervisor/cluster-manager'
import { ERLANG_HELPER_SCRIPT, PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { validateCluster } from '../src/shared/cluster/validate-cluster'
import { epmdPidsOn } from '../test/helpers/epmd-pids'
import { median } from './stats'

const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'erlang-node.exs')
const SELF_JOINING = join(PACKAGE_ROOT, 'bench', 'self-joining-node.exs')
const NAMES = ['bench_a', 'bench_b', 'bench_c']
const full = (name: string) => `${name}@127.0.0.1`

/** The command of one node; a self-joining one connects to the others itself, as by hand. */
function command(name: string, port: number, selfJoining: boolean): string {
  if (!selfJoining) return `elixir --name ${full(name)} --cookie bench ${FIXTURE} ${port}`
  const peers = NAMES.filter((other) => other !== name).map(full)
  return `PEERS=${peers.join(',')} elixir --name ${full(name)} --cookie bench ${SELF_JOINING} ${port}`
}

/** Until each node's own /api/health lists both others: formed, as the nodes tell it. */
async function untilFormed(ports: number[], started: number, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    const seen = await Promise.all(
      ports.map((port) =>
        fetch(`http://127.0.0.1:${port}/api/health`)
          .then((response) => response.json() as Promise<{ nodes: string[] }>)
          .then((body) => body.nodes.length)
          .catch(() => 0),
      ),
    )
    if (seen.every((count) => count === 2)) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error('the mesh did not form')
    await sleep(5)
  }
}

async function byHand(ports: number[], env: NodeJS.ProcessEnv): Promise<number> {
  const script = NAMES.map((name, i) => `${command(name, ports[i]!, true)} &`).join('\n')
  const started = performance.now()
  const shell: ChildProcess = spawn('/bin/sh', ['-c', `${script}\nwait`], {
    env,
    stdio: 'ignore',
    detached: true,
  })
  try {
    return await untilFormed(ports, started)
  } finally {
    if (shell.exitCode === null) {
      const exited = new Promise((resolve) => shell.once('exit', resolve))
      process.kill(-shell.pid!, 'SIGKILL')
      await exited
    }
  }
}

async function withClusterDesk(ports: number[], env: NodeJS.ProcessEnv): Promise<number> {
  const result = validateCluster({
    name: 'bench',
    nodes: NAMES.map((name, i) => ({
      name,
      port: ports[i],
      command: command(name, ports[i]!, false),
      health: '/api/health',
    })),
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  const cluster = {
    ...result.cluster,
    nodes: result.cluster.nodes.map((node) => ({ ...node, cwd: process.cwd() })),
  }
  const manager = new ClusterManager(cluster, { env, erlangHelper: ERLANG_HELPER_SCRIPT })
  const started = performance.now()
  void manager.startAll()
  try {
    return await untilFormed(ports, started)
  } finally {
    await manager.dispose()
  }
}

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Start → formed for three Elixir nodes that never connect by themselves, joined by Cluster
 * Desk, against the same three started by a shell script whose nodes join each other, in
 * turns, on an epmd of the bench's own. Formed is when each node's own Node.list() holds both
 * others.
 */
export async function measureErlangMesh(rounds: number) {
  const ports = new Set<number>()
  while (ports.size < 4) ports.add(await freePort())
  const [epmdPort, ...nodePorts] = [...ports] as [number, ...number[]]
  const env = { ...process.env, ERL_EPMD_PORT: String(epmdPort) }
  const clusterDesk: number[] = []
  const hand: number[] = []
  try {
    await withClusterDesk(nodePorts, env) // warm: epmd started, BEAM files in the page cache
    for (let round = 0; round < rounds; round++) {
      hand.push(await byHand(nodePorts, env))
      await sleep(300)
      clusterDesk.push(await withClusterDesk(nodePorts, env))
      await sleep(300)
    }
  } finally {
    // The bench's own epmd; `epmd -kill` would refuse while a name is still registered.
    for (const pid of epmdPidsOn(epmdPort)) process.kill(pid, 'SIGKILL')
  }
  return { clusterDeskMs: median(clusterDesk), byHandMs: median(hand), clusterDesk, hand }
}
