import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, type BrowserWindow, dialog, ipcMain, Menu, nativeImage, Tray } from 'electron'
import ElectronStore from 'electron-store'
import { writeFileAtomicFrom } from '../engine/files/write-file-atomic'
import { type RunningHost, startHost } from '../engine/host/host-server'
import { removeRuntimeFile, runtimeDirectory, writeRuntimeFile } from '../engine/host/runtime-file'
import { ClusterService } from '../engine/service/cluster-service'
import { procTable } from '../engine/supervisor/process/process-table'
import { sweepEarlierRuns } from '../engine/supervisor/process/tree-records'
import { startWatchdog } from '../engine/supervisor/process/watchdog'
import { desktopClusters } from './desktop-clusters'
import { pushEvent } from './ipc/push'
import { registerCommands } from './ipc/register-commands'
import { isFromWindow } from './ipc/trusted-sender'
import { installMenu } from './menu'
import { folderOpener } from './open-folder'
import type { Settings } from './settings/settings-schema'
import { openSettings } from './settings/settings-store'
import { installTray } from './tray'
import { createMainWindow, RENDERER_INDEX } from './window'

const settings = openSettings(
  join(app.getPath('userData'), 'settings.json'),
  (defaults) => new ElectronStore<Settings>({ name: 'settings', defaults }),
)
const { clusters, skipped } = desktopClusters(settings.get(), app.getAppPath(), app.getPath('home'))
// Nodes die with the app however it dies: the watchdog stops them if the app is killed.
const watchdog = startWatchdog({
  script: join(app.getAppPath(), 'out', 'node', 'watchdog.mjs'),
  runAsNode: Boolean(process.versions.electron),
  recordsFolder: runtimeDirectory(),
})
const service = new ClusterService(
  clusters,
  { watchdog, erlangHelper: join(app.getAppPath(), 'resources', 'erlang-helper.escript') },
  {
    onSaved: (name, definition) => {
      const others = settings
        .get()
        .clusters.filter((c) => (c.definition as { name?: unknown })?.name !== name)
      settings.update({ clusters: [...others, { definition, savedAt: new Date().toISOString() }] })
    },
    onLoaded: (name) => settings.update({ selectedCluster: name }),
    onPreferences: (ui) => settings.update({ ui }),
    // Exports are written straight to the file the user picks, in pieces (the dialog asks
    // before replacing a file), never handed to the window as one string.
    saveExport: async (rendered) => {
      const choice = await dialog.showSaveDialog({
        title: 'Save the log',
        defaultPath: join(app.getPath('downloads'), rendered.fileName),
      })
      if (choice.canceled || !choice.filePath) return null
      await writeFileAtomicFrom(choice.filePath, rendered.chunks(), { durable: true })
      return choice.filePath
    },
  },
  settings.get().ui,
)

let window: BrowserWindow | undefined
let host: RunningHost | undefined
service.on('cd:cluster:snapshot', (snapshot) => pushEvent(window, 'cd:cluster:snapshot', snapshot))
service.on('cd:logs:batch', (batch) => pushEvent(window, 'cd:logs:batch', batch))
service.on('cd:erlang:mesh', (mesh) => pushEvent(window, 'cd:erlang:mesh', mesh))

let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  // Nothing keeps running behind the user's back: stop every node before the app goes.
  event.preventDefault()
  quitting = true
  void (async () => {
    await service.dispose()
    watchdog.close()
    await host?.close()
    removeRuntimeFile()
    app.quit()
  })()
})

// With the tray kept, closing the window leaves the cluster running there.
app.on('window-all-closed', () => {
  if (!settings.get().keepRunningInTray) app.quit()
})

/** The window, shown again from the tray, or made anew once it was closed. */
function showWindow(): BrowserWindow {
  if (window && !window.isDestroyed()) {
    window.show()
    window.focus()
    return window
  }
  const opened = createMainWindow(settings.get().windowBounds)
  opened.on('close', () => {
    if (!opened.isDestroyed()) settings.update({ windowBounds: opened.getBounds() })
  })
  window = opened
  return opened
}

void app.whenReady().then(async () => {
  const pageUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(RENDERER_INDEX).href
  const opener = folderOpener(
    service,
    settings,
    () => window,
    () => menu(),
  )
  const menu = () =>
    installMenu(service, {
      openFolder: () => void opener.openFolder(),
      recent: settings.get().recentFiles ?? [],
      openRecent: (file) => void opener.openRecent(file),
    })
  menu()
  const first = showWindow()
  const tray = installTray(
    join(app.getAppPath(), 'resources'),
    {
      createTray: (icon) => new Tray(icon),
      image: (path) => nativeImage.createFromPath(path),
      buildMenu: (template) => Menu.buildFromTemplate(template),
    },
    {
      run: (channel) => void service.run(channel, {}),
      openWindow: () => void showWindow(),
      keepRunning: () => settings.get().keepRunningInTray === true,
      setKeepRunning: (on) => {
        settings.update({ keepRunningInTray: on })
        tray.show(service.manager.snapshot())
      },
      quit: () => app.quit(),
    },
  )
  tray.show(service.manager.snapshot())
  service.on('cd:cluster:snapshot', (snapshot) => tray.show(snapshot))
  registerCommands(
    ipcMain,
    service,
    (event) => window !== undefined && isFromWindow(event, window, pageUrl),
  )
  const swept = await sweepEarlierRuns(runtimeDirectory(), procTable)
  const problems = [
    swept.stopped > 0
      ? `Stopped ${swept.stopped} process${swept.stopped === 1 ? '' : 'es'} left by an earlier run.`
      : undefined,
    ...swept.problems,
    settings.problem,
    skipped.length > 0
      ? `Saved clusters that no longer validate were left out: ${skipped.join(', ')}.`
      : undefined,
  ].filter(Boolean)
  if (problems.length > 0) {
    void dialog.showMessageBox(first, {
      type: 'warning',
      message: 'Cluster Desk started with a few things to tell you',
      detail: problems.join('\n\n'),
    })
  }
  // The same API on loopback with a token, so the cluster-desk CLI controls this app too.
  host = await startHost({ service })
  writeRuntimeFile({
    kind: 'desktop',
    pid: process.pid,
    url: host.url,
    token: host.token,
    cluster: service.manager.name,
    startedAt: new Date().toISOString(),
  })
})
