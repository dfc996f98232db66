import type { ProbeResult } from '../../../shared/domain/node'

/** The newest probes of a node, across its launches: what its health timeline shows. */
export class ProbeHistory {
  private readonly probes: ProbeResult[] = []

  constructor(readonly capacity = 50) {}

  add(probe: ProbeResult): void {
    this.probes.push(probe)
    if (this.probes.length > this.capacity) this.probes.shift()
  }

  list(): ProbeResult[] {
    return [...this.probes]
  }
}
