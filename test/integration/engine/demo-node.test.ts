import { describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { demoCluster } from '../../../src/engine/supervisor/demo-cluster'
import { isPortOpen } from '../../../src/engine/supervisor/process/port-check'
import type { ProbeResult } from '../../../src/shared/domain/node'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { DEMO_NODE, freePorts, waitFor } from '../../helpers/fixtures'

const disposeLater = disposeAfterEach()

const runtime = {
  executable: process.execPath,
  runAsNode: false,
  script: DEMO_NODE,
  cwd: process.cwd(),
}

/** The demo cluster with its nodes moved to free ports and fast timings. */
async function demo(
  env: Record<string, string> = {},
  stop = { killTimeoutMs: 5000, signal: 'SIGTERM' as const },
  probeEveryMs?: number,
) {
  const spec = demoCluster(runtime)
  const ports = await freePorts(spec.nodes.length)
  for (const [i, node] of spec.nodes.entries()) {
    node.port = ports[i]!
    node.env = { ...node.env, ...env }
    node.readiness = { timeoutMs: 10_000, intervalMs: 50, logLine: null }
    node.restart = { ...node.restart, backoffMs: 50 }
    node.stop = stop
    if (probeEveryMs && node.health.type === 'http') node.health.intervalMs = probeEveryMs
  }
  const manager = new ClusterManager(spec)
  disposeLater(manager)
  return manager
}

describe('the Demo cluster', () => {
  it('is three nodes on ports 4001–4003', () => {
    const spec = demoCluster(runtime)
    expect(spec.name).toBe('Demo')
    expect(spec.nodes.map((n) => [n.name, n.port])).toEqual([
      ['node1', 4001],
      ['node2', 4002],
      ['node3', 4003],
    ])
    expect(demoCluster({ ...runtime, runAsNode: true }).nodes[0]!.env).toEqual({
      ELECTRON_RUN_AS_NODE: '1',
    })
  })

  it('starts healthy, answers /api/health, and prints coloured lines, a heartbeat and stderr', async () => {
    const manager = await demo()
    const snapshot = await manager.startAll()
    expect(snapshot.nodes.map((n) => n.health)).toEqual(['healthy', 'healthy', 'healthy'])
    const node = snapshot.nodes[1]!
    const body = (await (await fetch(`${node.url}/api/health`)).json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['node', 'status', 'timestamp', 'uptime_ms'])
    expect(body.node).toBe('node2')
    const lines = await waitFor(
      'a heartbeat',
      () => manager.readLogs('node2').lines,
      (ls) => ls.some((l) => l.text.includes('heartbeat 1')),
    )
    expect(lines.some((l) => l.stream === 'stdout' && l.text.includes('\u001b[32m'))).toBe(true)
    expect(lines.some((l) => l.stream === 'stderr')).toBe(true)
  })

  it('crashes on CRASH_AFTER_MS and is restarted', async () => {
    const manager = await demo({ CRASH_AFTER_MS: '300' })
    await manager.startNode('node1')
    const snapshot = await waitFor(
      'a restart',
      () => manager.node('node1').snapshot(),
      (s) => s.restarts >= 1 && s.state === 'running',
    )
    expect(snapshot.lastExit?.code).toBe(1)
  })

  it('ignores SIGTERM with IGNORE_TERM=1, so a stop must escalate to SIGKILL', async () => {
    const manager = await demo({ IGNORE_TERM: '1' }, { killTimeoutMs: 300, signal: 'SIGTERM' })
    const { port } = await manager.startNode('node1')
    await manager.stopNode('node1')
    const stderr = manager.readLogs('node1', { streams: ['stderr'] }).lines.map((l) => l.text)
    expect(stderr).toContainEqual(expect.stringContaining('SIGTERM received and ignored'))
    expect(await isPortOpen('127.0.0.1', port!)).toBe(false)
  })

  it('floods with FLOOD=1 while staying healthy', async () => {
    const manager = await demo({ FLOOD: '1' }, undefined, 100)
    const probes: ProbeResult[] = []
    manager.subscribe((event) => {
      if (event.type === 'probe' && event.node === 'node3') probes.push(event.probe)
    })
    await manager.startNode('node3')
    const page = await waitFor(
      'a flood',
      () => manager.readLogs('node3'),
      (p) => p.evicted.stdout > 10_000,
    )
    expect(page.lines.at(-1)!.text).toMatch(/flood line \d+/)
    // Probes run during the flood, and every one passes.
    const before = probes.length
    await waitFor(
      'five probes during the flood',
      () => probes.length - before,
      (n) => n >= 5,
    )
    expect(probes.every((probe) => probe.ok)).toBe(true)
    expect(manager.node('node3').snapshot().health).toBe('healthy')
  })
})
