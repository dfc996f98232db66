import { procTable } from '../../src/engine/supervisor/process/process-table'

/** The pids among `pids` that are still alive (zombies count as dead). */
export function alivePids(pids: number[]): number[] {
  return pids.filter((pid) => procTable.isAlive(pid))
}

/** Pids printed by a fixture as "parent 123 grandchild 456". */
export function parsePids(line: string): number[] {
  return [...line.matchAll(/\b(?:parent|grandchild) (\d+)/g)].map((m) => Number(m[1]))
}
