import type { NodeSnapshot } from '../../src/shared/domain/node'

/** A running, healthy node's snapshot, with `change` applied: for tests of what reads one. */
export const nodeSnapshot = (change: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  name: 'api',
  state: 'running',
  health: 'healthy',
  since: 0,
  pid: 10,
  host: '127.0.0.1',
  port: 4001,
  url: 'http://127.0.0.1:4001',
  restarts: 0,
  maxRestarts: 5,
  nextRestartAt: null,
  lastExit: null,
  startedAt: 0,
  diagnosis: null,
  autostart: true,
  group: null,
  dependsOn: [],
  waitingFor: [],
  readinessCheck: null,
  crashLines: [],
  ...change,
})
