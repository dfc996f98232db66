import { type BrowserWindow, dialog } from 'electron'
import type { ClusterService } from '../engine/service/cluster-service'
import { openCluster } from '../engine/service/open-cluster'
import { formatProblems } from '../shared/cluster/problems'
import type { SettingsStore } from './settings/settings-store'

const RECENT_KEPT = 10

/**
 * Open Folder… and Open Recent: the cluster a folder means (the same rules as `cluster-desk
 * up`), or a file opened before, loaded into the window; or why not, in a dialog. Every file
 * opened goes to the top of the recent list.
 */
export function folderOpener(
  service: ClusterService,
  settings: SettingsStore,
  window: () => BrowserWindow | undefined,
  recentChanged: () => void,
) {
  const open = async (target: { folder: string } | { file: string }) => {
    const opened = await openCluster(target)
    const parent = window()
    if (!opened.ok) {
      const detail = [formatProblems(opened.problems), opened.fix].filter(Boolean).join('\n\n')
      const options = { type: 'warning' as const, message: opened.message, detail }
      if (parent) await dialog.showMessageBox(parent, options)
      else await dialog.showMessageBox(options)
      return
    }
    await service.open(opened.registered)
    const before = (settings.get().recentFiles ?? []).filter((file) => file !== opened.path)
    settings.update({ recentFiles: [opened.path, ...before].slice(0, RECENT_KEPT) })
    recentChanged()
  }
  return {
    openFolder: async () => {
      const parent = window()
      const options = { title: 'Open a project folder', properties: ['openDirectory' as const] }
      const choice = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options)
      const folder = choice.filePaths[0]
      if (!choice.canceled && folder) await open({ folder })
    },
    openRecent: (file: string) => open({ file }),
  }
}
