import { afterEach, describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { shellQuote } from '../../../src/engine/supervisor/demo-cluster'
import type { ProbeResult } from '../../../src/shared/domain/node'
import { cluster, DEMO_NODE, FAST, freePort, waitFor } from '../../helpers/fixtures'

let manager: ClusterManager | undefined
afterEach(async () => {
  await manager?.dispose()
})

describe('a node printing faster than the engine can read', () => {
  it('never holds up the other nodes, the commands or memory', async () => {
    const port = await freePort()
    manager = new ClusterManager(
      cluster(
        [
          // `yes` writes as fast as the pipe takes it, for ever: the engine can never catch up.
          { name: 'flood', port: null, command: 'yes "a line that never ends"' },
          {
            name: 'web',
            port,
            command: `${shellQuote(process.execPath)} ${shellQuote(DEMO_NODE)}`,
            ...FAST,
          },
        ],
        { logLines: 500 },
      ),
    )
    const probes: ProbeResult[] = []
    manager.subscribe((event) => {
      if (event.type === 'probe' && event.node === 'web') probes.push(event.probe)
    })
    await manager.startNode('flood')
    await waitFor(
      'the flood to pass 100,000 lines',
      () => manager!.node('flood').output.nextSeq,
      (seq) => seq > 100_000,
    )

    // Another node starts, turns healthy and keeps answering its probes during the flood.
    expect(await manager.startNode('web')).toMatchObject({ state: 'running', health: 'healthy' })
    await waitFor(
      'ten more health probes',
      () => probes.length,
      (n) => n >= 10,
    )
    expect(probes.every((probe) => probe.ok)).toBe(true)
    // Commands still work on both.
    expect(await manager.restartNode('web')).toMatchObject({ state: 'running' })
    const floodSeq = manager.node('flood').output.nextSeq
    await waitFor(
      'the flood to be read on',
      () => manager!.node('flood').output.nextSeq,
      (seq) => seq > floodSeq + 100_000,
    )
    // However much it printed, the engine keeps its last 500 lines and no more: what a reader
    // sees, and what the buffer holds, within one 64 KiB read of 23-byte lines.
    const kept = manager.readLogs('flood', { streams: ['stdout'] }).lines
    expect(kept).toHaveLength(500)
    expect(kept.every((line) => line.text === 'a line that never ends')).toBe(true)
    const held = manager.node('flood').output.held().stdout
    expect(held.lines).toBeLessThanOrEqual(500 + Math.ceil(65_536 / 23))
    expect(held.bytes).toBeLessThanOrEqual((500 + Math.ceil(65_536 / 23)) * 23 + 65_536)
    expect(await manager.stopNode('flood')).toMatchObject({ state: 'stopped', pid: null })
  })
})
