import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { ClusterService } from '../engine/service/cluster-service'

/**
 * The application menu: the cluster commands (their shortcuts are shown here but handled by
 * the window, so a key press never runs twice), and the standard Edit, View and Window menus
 * that make copy, paste and zoom work.
 */
export function installMenu(service: ClusterService): void {
  const cluster = (
    label: string,
    accelerator: string | undefined,
    run: () => Promise<unknown>,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => void run(),
  })
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Cluster',
      submenu: [
        cluster('Start cluster', 'CmdOrCtrl+Shift+S', () => service.run('cd:cluster:start', {})),
        cluster('Stop cluster', 'CmdOrCtrl+Shift+X', () => service.run('cd:cluster:stop', {})),
        cluster('Restart cluster', undefined, () => service.run('cd:cluster:restart', {})),
        { type: 'separator' },
        { role: 'quit', label: 'Stop every node and quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
