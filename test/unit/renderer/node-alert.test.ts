import { describe, expect, it } from 'vitest'
import { alertFor, seenNode } from '../../../src/renderer/src/state/node-alert'
import { nodeSnapshot } from '../../helpers/node-snapshot'

const node = nodeSnapshot

describe('what the window announces about a node', () => {
  const healthy = seenNode(node({}))

  it('a crash, even when the next snapshot already shows it running again', () => {
    expect(alertFor(healthy, node({ state: 'backoff', restarts: 1 }))).toBe('crashed')
    expect(alertFor(healthy, node({ restarts: 1 }))).toBe('crashed')
    expect(alertFor(healthy, node({ restarts: 1, health: 'unhealthy' }))).toBe('crashed')
  })

  it('failing and turning unhealthy, once each', () => {
    const failed = node({ state: 'failed', pid: null })
    expect(alertFor(healthy, failed)).toBe('failed')
    expect(alertFor(seenNode(failed), failed)).toBeUndefined()
    expect(alertFor(healthy, node({ health: 'unhealthy' }))).toBe('is unhealthy')
  })

  it('nothing for a node seen for the first time, a stop, or a restart count reset', () => {
    expect(alertFor(undefined, node({ state: 'failed' }))).toBeUndefined()
    expect(alertFor(healthy, node({ state: 'stopped', pid: null }))).toBeUndefined()
    expect(alertFor(seenNode(node({ restarts: 3 })), node({ restarts: 0 }))).toBeUndefined()
  })
})
