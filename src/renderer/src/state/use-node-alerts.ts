import { useEffect, useRef } from 'react'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import { describeLastExit } from '../../../shared/domain/describe-exit'
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
      const how = node.lastExit ? ` (${describeLastExit(node.lastExit)})` : ''
      const body = node.diagnosis?.problem ?? `${node.name} ${what}${how}`
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        new Notification(`${node.name} ${what}`, { body, tag: `${snapshot.name}/${node.name}` })
      }
    }
  }, [snapshot, enabled])

  /** Turns them on or off; says why when the browser will not show any. */
  const toggle = async (): Promise<string | undefined> => {
    const next = !enabled
    if (next && typeof Notification === 'undefined') {
      return 'This browser shows no desktop notifications here. Use the desktop app, or a browser that has them.'
    }
    if (next && Notification.permission === 'default') await Notification.requestPermission()
    if (next && Notification.permission === 'denied') {
      return 'The browser refused notifications for this page. Allow them in its site settings (the icon left of the address), then turn notify on again.'
    }
    setEnabled(next)
    return undefined
  }
  return { enabled, toggle }
}
