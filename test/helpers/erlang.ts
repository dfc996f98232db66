import { fileURLToPath } from 'node:url'
import { queryEpmd } from '../../src/engine/erlang/epmd'
import { epmdPidsOn } from './epmd-pids'
import { FIXTURES, freePort } from './fixtures'

export const ERLANG_HELPER = fileURLToPath(
  new URL('../../resources/erlang-helper.escript', import.meta.url),
)

/**
 * An epmd of the test's own, on a free port: the test's node names never meet another test's
 * or the machine's. Cluster Desk starts it (that is part of what is tested); `stop` ends it.
 */
export async function privateEpmd() {
  const port = await freePort()
  return {
    port,
    env: { ...process.env, ERL_EPMD_PORT: String(port) },
    /** epmd answers a NAMES request. */
    running: async () => (await queryEpmd(port)).ok,
    /**
     * Ends the epmd of this port however it was started: by Cluster Desk (`-port P` on its
     * command line) or by an Erlang node itself (ERL_EPMD_PORT=P in its environment).
     * `epmd -kill` alone refuses while a name is still registered.
     */
    stop: () => {
      for (const pid of epmdPidsOn(port)) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // Gone already.
        }
      }
    },
  }
}

/** A node of test/fixtures/erlang-node.exs: distributed, never connecting by itself. */
export function erlangNode(
  name: string,
  port: number,
  options: { cookie?: string; extra?: Record<string, unknown> } = {},
) {
  const cookie = options.cookie === undefined ? ' --cookie test-cookie' : options.cookie
  return {
    name,
    port,
    command: `elixir --name ${name}@127.0.0.1${cookie} ${FIXTURES}erlang-node.exs ${port}`,
    health: { path: '/api/health', interval: 200, timeout: 1000 },
    readiness: { timeout: '30s', interval: 100 },
    stop: { killTimeout: '3s' },
    ...options.extra,
  }
}

/** What a fixture node says it sees: its own Node.list(). */
export async function nodesSeenBy(port: number): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`)
  const body = (await response.json()) as { nodes: string[] }
  return body.nodes.sort()
}
