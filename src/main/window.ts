import { join } from 'node:path'
import { BrowserWindow, shell } from 'electron'
import { isNodePageUrl } from './node-page-url'

export const RENDERER_INDEX = join(__dirname, '../renderer/index.html')

/**
 * The main window, locked down: the renderer is untrusted input with no Node, a sandbox, an
 * isolated preload, and no way to navigate away or open windows.
 */
export function createMainWindow(bounds?: {
  x: number
  y: number
  width: number
  height: number
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Cluster Desk',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click would otherwise reach the page as a new-window request of its own.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    // A node's page opens in the browser, never in the app; any other link goes nowhere.
    if (isNodePageUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  // The window needs no camera, microphone, notifications prompt or anything else.
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )
  const devServer = process.env.ELECTRON_RENDERER_URL
  if (devServer) void window.loadURL(devServer)
  else void window.loadFile(RENDERER_INDEX)
  return window
}
