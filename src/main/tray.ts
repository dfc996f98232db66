import { join } from 'node:path'
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import { needsAttention, overallState } from '../shared/domain/attention'
import type { ClusterSnapshot } from '../shared/domain/cluster'
import { countNodes } from '../shared/domain/count-nodes'
import type { Channel } from '../shared/ipc/contract'

/** What the tray needs of Electron: given, so the built bundle is tested with a stand-in. */
export interface TrayParts {
  createTray(icon: NativeImage): Tray
  image(path: string): NativeImage
  buildMenu(template: MenuItemConstructorOptions[]): Menu
}

export interface TrayActions {
  /** Runs a command of the contract, as the window would. */
  run(
    channel: Extract<Channel, 'cd:cluster:start' | 'cd:cluster:stop' | 'cd:cluster:restart'>,
  ): void
  openWindow(): void
  keepRunning(): boolean
  setKeepRunning(on: boolean): void
  quit(): void
}

/**
 * The tray icon: its colour is the cluster's state (green: all healthy, amber: some need
 * attention, grey: stopped); its menu starts, stops and restarts the cluster, opens the window,
 * lists the nodes that need attention, and sets whether closing the window leaves the cluster
 * running here. Quitting always stops every node.
 */
export function installTray(resources: string, parts: TrayParts, actions: TrayActions) {
  const icon = (state: string) => parts.image(join(resources, `tray-${state}.png`))
  const tray = parts.createTray(icon('stopped'))
  const show = (snapshot: ClusterSnapshot) => {
    const state = overallState(snapshot.nodes)
    const { healthy, outOf, failed } = countNodes(snapshot.nodes)
    const troubled = snapshot.nodes.filter(needsAttention)
    tray.setImage(icon(state))
    tray.setToolTip(
      `Cluster Desk: ${snapshot.name}, ${state === 'stopped' ? 'stopped' : `${healthy} of ${outOf} healthy`}${failed > 0 ? `, ${failed} failed` : ''}`,
    )
    tray.setContextMenu(
      parts.buildMenu([
        { label: `${snapshot.name}: ${state}`, enabled: false },
        { label: 'Start cluster', click: () => actions.run('cd:cluster:start') },
        { label: 'Stop cluster', click: () => actions.run('cd:cluster:stop') },
        { label: 'Restart cluster', click: () => actions.run('cd:cluster:restart') },
        { type: 'separator' },
        ...troubled.slice(0, 10).map((node) => ({
          label: `${node.name}: ${node.state === 'running' ? node.health : node.state}`,
          click: actions.openWindow,
        })),
        ...(troubled.length > 0 ? [{ type: 'separator' as const }] : []),
        { label: 'Open window', click: actions.openWindow },
        {
          label: 'Keep the cluster running when the window closes',
          type: 'checkbox',
          checked: actions.keepRunning(),
          click: () => actions.setKeepRunning(!actions.keepRunning()),
        },
        { label: 'Quit (stops every node)', click: actions.quit },
      ]),
    )
  }
  return { show, tray }
}
