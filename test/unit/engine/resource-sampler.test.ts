import { describe, expect, it } from 'vitest'
import type { ProcessInfo } from '../../../src/engine/supervisor/process/process-table'
import {
  HISTORY_SAMPLES,
  ResourceSampler,
  SAMPLE_EVERY_MS,
} from '../../../src/engine/supervisor/resources/resource-sampler'

const units = { ticksPerSecond: 100, pageBytes: 4096, countFds: (pid: number) => pid % 10 }
const proc = (pid: number, cpuTicks: number, rssPages: number, startTime = 1): ProcessInfo => ({
  pid,
  ppid: 1,
  pgid: pid,
  state: 'S',
  startTime,
  command: `p${pid}`,
  cpuTicks,
  rssPages,
})

describe('ResourceSampler', () => {
  it('sums a tree: CPU from the ticks between samples, memory, processes and descriptors', () => {
    const sampler = new ResourceSampler(units)
    let tree = [proc(11, 0, 100), proc(12, 50, 50)]
    expect(sampler.offer(0, () => tree, ['web'])).toBe(true)
    // First sight of a process: its CPU is not known yet, and not guessed.
    expect(sampler.latest('web')).toMatchObject({ cpuPercent: 0, processes: 2, fds: 3 })
    expect(sampler.latest('web')?.rssBytes).toBe(150 * 4096)
    // Too soon: no sample.
    expect(sampler.offer(SAMPLE_EVERY_MS / 2, () => tree, ['web'])).toBe(false)
    // 2 s later: 100 ticks (1 s of CPU) in one process, 50 in the other: 75 %.
    tree = [proc(11, 100, 100), proc(12, 100, 60)]
    sampler.offer(SAMPLE_EVERY_MS, () => tree, ['web'])
    expect(sampler.latest('web')?.cpuPercent).toBeCloseTo(75, 5)
    expect(sampler.processes('web').map((p) => [p.pid, p.cpuPercent])).toEqual([
      [11, 50],
      [12, 25],
    ])
    // A reused pid (another start time) is a new process: no CPU from the old one's ticks.
    tree = [proc(11, 10, 100, 99)]
    sampler.offer(SAMPLE_EVERY_MS * 2, () => tree, ['web'])
    expect(sampler.latest('web')?.cpuPercent).toBe(0)
  })

  it('keeps five minutes per node, and nothing for a node that does not run', () => {
    const sampler = new ResourceSampler(units)
    for (let i = 0; i < HISTORY_SAMPLES + 20; i++) {
      sampler.offer(i * SAMPLE_EVERY_MS, (node) => (node === 'web' ? [proc(11, i, 1)] : []), [
        'web',
        'idle',
      ])
    }
    expect(sampler.history('web')).toHaveLength(HISTORY_SAMPLES)
    expect(sampler.history('web').at(-1)?.at).toBe((HISTORY_SAMPLES + 19) * SAMPLE_EVERY_MS)
    expect(sampler.latest('idle')).toBeUndefined()
    expect(sampler.offer(1e9, () => [], ['web', 'idle'])).toBe(false)
    expect(sampler.latest('web')).toBeUndefined()
  })
})
