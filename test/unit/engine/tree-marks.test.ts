import { describe, expect, it } from 'vitest'
import type { ProcessInfo } from '../../../src/engine/supervisor/process/process-table'
import { TreeMarks, treeMark } from '../../../src/engine/supervisor/process/tree-marks'

const info = (pid: number, startTime = 100): ProcessInfo => ({
  pid,
  ppid: 1,
  pgid: pid,
  state: 'S',
  startTime,
  command: 'sleep',
  cpuTicks: 0,
  rssPages: 0,
})

describe('tree marks', () => {
  it("find one manager's processes, with their node and run, reading each process once", () => {
    const owner = '42.7:1'
    const environs = new Map<number, string | null>([
      [10, treeMark(owner, 'web', 3)],
      [11, treeMark(owner, 'api/v2', 1)], // a node name may hold a slash
      [12, treeMark('42.7:2', 'web', 3)], // another manager in the same engine
      [13, treeMark('99.1:1', 'web', 3)], // another engine
      [14, null],
      [15, 'not a mark'],
    ])
    const reads: number[] = []
    const marks = new TreeMarks(owner, (pid) => {
      reads.push(pid)
      return environs.get(pid) ?? null
    })
    const all = [10, 11, 12, 13, 14, 15].map((pid) => info(pid))
    const found = marks.find(all).map(({ info, node, run }) => [info.pid, node, run])
    expect(found).toEqual([
      [10, 'web', 3],
      [11, 'api/v2', 1],
    ])
    marks.find(all)
    expect(reads).toEqual([10, 11, 12, 13, 14, 15])
    // A reused pid is a new process: its environment is read again.
    marks.find([info(10, 200)])
    expect(reads.at(-1)).toBe(10)
    expect(reads).toHaveLength(7)
  })
})
