import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { shellQuote } from '../../src/engine/supervisor/demo-cluster'
import { validateCluster } from '../../src/shared/cluster/validate-cluster'
import type { ClusterSpec } from '../../src/shared/domain/cluster'

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const DEMO_NODE = fileURLToPath(new URL('../../resources/demo-node.mjs', import.meta.url))

/** A command line that runs a fixture program with this Node. */
export function fixture(name: string, args = ''): string {
  return `${shellQuote(process.execPath)} ${shellQuote(FIXTURES + name)}${args ? ` ${args}` : ''}`
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** `count` ports nobody listens on, all different (the OS may hand out one port twice). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < count) ports.add(await freePort())
  return [...ports]
}

/** A cluster built through the real validator, so tests get the real defaults. */
export function cluster(nodes: unknown[], extra: Record<string, unknown> = {}): ClusterSpec {
  const result = validateCluster({ name: 'test', nodes, ...extra })
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2))
  return {
    ...result.cluster,
    nodes: result.cluster.nodes.map((n) => ({ ...n, cwd: process.cwd() })),
  }
}

/** Fast timings for tests: short backoff, quick probes, short kill timeout. */
export const FAST = {
  readiness: { timeout: '10s', interval: 50 },
  restart: { backoff: 50, maxBackoff: 400 },
  stop: { killTimeout: 1000 },
  health: { interval: 100, timeout: 500 },
}

/**
 * Polls until `read()` satisfies `check`, failing with what it wanted and what it last saw.
 * Never a bare sleep as an assertion.
 */
export async function waitFor<T>(
  what: string,
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now()
  let last: T = await read()
  while (!check(last)) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`waited ${timeoutMs} ms for ${what}; last saw ${JSON.stringify(last)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    last = await read()
  }
  return last
}
