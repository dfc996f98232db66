import { describe, expect, it } from 'vitest'
import { ClusterService } from '../../../src/engine/service/cluster-service'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { signalOnlyTable } from '../../../src/engine/supervisor/process/process-table'
import { SAMPLE_EVERY_MS } from '../../../src/engine/supervisor/resources/resource-sampler'
import type { NodeInspection } from '../../../src/shared/domain/resources'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, fixture, waitFor } from '../../helpers/fixtures'

const disposeLater = disposeAfterEach()

describe("a node's cost, sampled from /proc", () => {
  it("sums its whole tree's CPU and memory, and the inspector lists each process", async () => {
    const service = new ClusterService([
      {
        spec: cluster([
          {
            name: 'burner',
            port: null,
            command: fixture('burns-cpu.mjs'),
            env: { API_TOKEN: 'hunter2' },
          },
          { name: 'idle', port: null, command: 'sleep 600', autostart: false },
        ]),
        source: 'test',
      },
    ])
    disposeLater(service)
    await service.run('cd:cluster:start', {})
    const burner = await waitFor(
      'two samples of the burner',
      () => service.manager.snapshot().nodes[0]!,
      (node) => (node.resources?.cpuPercent ?? 0) > 0,
      SAMPLE_EVERY_MS * 4,
    )
    // One core at 90 %, give or take a noisy machine; never more than a core and a bit.
    expect(burner.resources!.cpuPercent).toBeGreaterThan(40)
    expect(burner.resources!.cpuPercent).toBeLessThan(130)
    // node and its sleep (and the shell, where it does not exec the command)
    expect(burner.resources!.processes).toBeGreaterThanOrEqual(2)
    expect(burner.resources!.rssBytes).toBeGreaterThan(20 * 1024 * 1024)
    expect(burner.resources!.fds).toBeGreaterThan(3)
    // Every snapshot of the node carries them, a command's answer as well as the cluster's.
    expect(service.manager.node('burner').snapshot().resources?.at).toBe(burner.resources!.at)
    // A node that does not run has no figures, rather than zeros.
    expect(service.manager.snapshot().nodes[1]!.resources).toBeUndefined()

    const inspected = (await service.run('cd:node:inspect', { node: 'burner' })) as {
      ok: true
      value: NodeInspection
    }
    expect(inspected.ok).toBe(true)
    const { processes, history, env, command } = inspected.value
    expect(processes.map((p) => p.command)).toEqual(expect.arrayContaining(['node', 'sleep']))
    expect(processes).toHaveLength(burner.resources!.processes)
    expect(processes.find((p) => p.pid === burner.pid)).toBeDefined()
    expect(history.length).toBeGreaterThanOrEqual(2)
    expect(env.API_TOKEN).toBe('[redacted]')
    expect(command).toContain('burns-cpu.mjs')
  })

  it('has no figures at all where /proc cannot be listed, rather than zeros', async () => {
    const manager = new ClusterManager(
      cluster([{ name: 'plain', port: null, command: 'sleep 600' }]),
      { processTable: signalOnlyTable },
    )
    try {
      await manager.startAll()
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS + 700))
      const [plain] = manager.snapshot().nodes
      expect(plain?.state).toBe('running')
      expect(plain?.resources).toBeUndefined()
      expect(manager.resources.history('plain')).toEqual([])
    } finally {
      await manager.dispose()
    }
  })
})
