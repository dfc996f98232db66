import { describe, expect, it } from 'vitest'
import { nodeColour } from '../../../src/renderer/src/overview/node-colours'
import { matchesName, matchesState, sortNodes } from '../../../src/renderer/src/overview/node-order'
import { DEFAULT_VIEW, readViewSettings } from '../../../src/renderer/src/overview/view-settings'
import { nodeSnapshot } from '../../helpers/node-snapshot'

describe('the overview of many nodes', () => {
  const nodes = [
    nodeSnapshot({ name: 'web1' }),
    nodeSnapshot({ name: 'web2', state: 'failed' }),
    nodeSnapshot({ name: 'db', state: 'stopped' }),
    nodeSnapshot({ name: 'web10', health: 'unhealthy' }),
    nodeSnapshot({ name: 'job', state: 'backoff' }),
    nodeSnapshot({ name: 'api', state: 'waiting' }),
  ]

  it('puts problems first, in order of how much they need attention', () => {
    expect(sortNodes(nodes, 'problems').map((n) => n.name)).toEqual([
      'web2',
      'web10',
      'job',
      'api',
      'web1',
      'db',
    ])
    expect(sortNodes(nodes, 'name').map((n) => n.name)).toEqual([
      'api',
      'db',
      'job',
      'web1',
      'web2',
      'web10',
    ])
    expect(sortNodes(nodes, 'defined')).toBe(nodes)
  })

  it('filters by state and by the words of a name', () => {
    const names = (pass: (n: (typeof nodes)[number]) => boolean) =>
      nodes.filter(pass).map((n) => n.name)
    expect(names((n) => matchesState(n, 'problems'))).toEqual(['web2', 'web10', 'job', 'api'])
    expect(names((n) => matchesState(n, 'failed'))).toEqual(['web2'])
    expect(names((n) => matchesName(n.name, '1'))).toEqual(['web1', 'web10'])
    expect(names((n) => matchesName(n.name, 'WEB 0'))).toEqual(['web10'])
  })

  it('gives 50 nodes 50 different colours, in both themes', () => {
    for (const dark of [false, true]) {
      const colours = new Set(Array.from({ length: 50 }, (_, i) => nodeColour(i, dark)))
      expect(colours.size).toBe(50)
    }
  })
})

describe('view settings read back from storage', () => {
  it('keeps what is valid and defaults the rest', () => {
    expect(
      readViewSettings(
        JSON.stringify({ view: 'table', sort: 'problems', state: 'weird', pinned: ['a', 3] }),
      ),
    ).toEqual({ ...DEFAULT_VIEW, view: 'table', sort: 'problems', pinned: ['a'] })
    expect(readViewSettings('{not json')).toEqual(DEFAULT_VIEW)
    expect(readViewSettings(null)).toEqual(DEFAULT_VIEW)
  })
})
