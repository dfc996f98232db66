import { useEffect, useRef } from 'react'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import { describeExit } from '../../../shared/domain/describe-exit'
import { alertFor, type SeenNode, seenNode } from './node-alert'

/**
 * Desktop notifications when a node crashes, fails or turns unhealthy, if the user turned
 * them on. Only changes are announced: a node that stays failed is not announced again.
 */
export function useNodeAlerts(
  snapshot: ClusterSnapshot | undefined,
  enabled: boolean,
  setEnabled: (enabled: boolean) => void,
) {
  const previous = useRef(new Map<string, SeenNode>())

  useEffect(() => {
    if (!snapshot) return
    for (const node of snapshot.nodes) {
      const what = alertFor(previous.current.get(node.name), node)
      previous.current.set(node.name, seenNode(node))
      if (!enabled || !what) continue
      const how = node.lastExit
        ? ` (${describeExit(node.lastExit.code, node.lastExit.signal)})`
        : ''
      const body = node.diagnosis?.problem ?? `${node.name} ${what}${how}`
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        new Notification(`${node.name} ${what}`, { body, tag: `${snapshot.name}/${node.name}` })
      }
    }
  }, [snapshot, enabled])

  const toggle = async () => {
    const next = !enabled
    if (next && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      await Notification.requestPermission()
    }
    setEnabled(next)
  }
  return { enabled, toggle }
}
