import { join } from 'node:path'
import { app } from 'electron'
import { ClusterManager } from './supervisor/cluster-manager'
import { demoCluster } from './supervisor/demo-cluster'
import { createMainWindow } from './window'

// Inside Electron, process.execPath is the Electron binary: the demo node runs on it as Node.
const manager = new ClusterManager(
  demoCluster({
    executable: process.execPath,
    runAsNode: Boolean(process.versions.electron),
    script: join(app.getAppPath(), 'resources', 'demo-node.mjs'),
    cwd: app.getAppPath(),
  }),
)

let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  // Nothing keeps running behind the user's back: stop every node before the app goes.
  event.preventDefault()
  quitting = true
  void manager.dispose().finally(() => app.quit())
})

app.on('window-all-closed', () => app.quit())

void app.whenReady().then(() => {
  createMainWindow()
})
