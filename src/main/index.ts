import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, type BrowserWindow, ipcMain } from 'electron'
import { type RunningHost, startHost } from '../headless/host-server'
import { removeRuntimeFile, writeRuntimeFile } from '../headless/runtime-file'
import { ClusterService } from './api/cluster-service'
import { pushEvent } from './ipc/push'
import { registerCommands } from './ipc/register-commands'
import { isFromWindow } from './ipc/trusted-sender'
import { demoCluster } from './supervisor/demo-cluster'
import { createMainWindow, RENDERER_INDEX } from './window'

// Inside Electron, process.execPath is the Electron binary: the demo node runs on it as Node.
const service = new ClusterService([
  {
    spec: demoCluster({
      executable: process.execPath,
      runAsNode: Boolean(process.versions.electron),
      script: join(app.getAppPath(), 'resources', 'demo-node.mjs'),
      cwd: app.getAppPath(),
    }),
    source: 'built-in',
  },
])

let window: BrowserWindow | undefined
let host: RunningHost | undefined
service.on('cd:cluster:snapshot', (snapshot) => pushEvent(window, 'cd:cluster:snapshot', snapshot))
service.on('cd:logs:batch', (batch) => pushEvent(window, 'cd:logs:batch', batch))

let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  // Nothing keeps running behind the user's back: stop every node before the app goes.
  event.preventDefault()
  quitting = true
  void (async () => {
    await service.dispose()
    await host?.close()
    removeRuntimeFile()
    app.quit()
  })()
})

app.on('window-all-closed', () => app.quit())

void app.whenReady().then(async () => {
  const pageUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(RENDERER_INDEX).href
  window = createMainWindow()
  registerCommands(
    ipcMain,
    service,
    (event) => window !== undefined && isFromWindow(event, window, pageUrl),
  )
  // The same API on loopback with a token, so the cluster-desk CLI controls this app too.
  host = await startHost({ service })
  writeRuntimeFile({
    kind: 'desktop',
    pid: process.pid,
    url: host.url,
    token: host.token,
    cluster: service.cluster.name,
    startedAt: new Date().toISOString(),
  })
})
