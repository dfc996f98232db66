import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { ClusterService } from '../engine/service/cluster-service'

export interface OpenMenu {
  /** Asks for a folder and loads the cluster it means. */
  openFolder(): void
  /** Cluster files opened before, newest first. */
  recent: string[]
  openRecent(file: string): void
}

/**
 * The application menu: Open Folder and the recent clusters, the cluster commands (their
 * shortcuts are shown here but handled by the window, so a key press never runs twice), and
 * the standard Edit, View and Window menus that make copy, paste and zoom work.
 */
export function installMenu(service: ClusterService, open: OpenMenu): void {
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
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => open.openFolder() },
        {
          label: 'Open Recent',
          enabled: open.recent.length > 0,
          submenu: open.recent.map((file) => ({ label: file, click: () => open.openRecent(file) })),
        },
        { type: 'separator' },
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
