import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'

/**
 * A command is trusted only from the top frame of our own window, showing our own page: not
 * from an iframe, another window, or a page the window was somehow navigated to.
 */
export function isFromWindow(
  event: IpcMainInvokeEvent,
  window: BrowserWindow,
  pageUrl: string,
): boolean {
  if (window.isDestroyed() || event.sender !== window.webContents) return false
  const frame = event.senderFrame
  if (!frame || frame !== window.webContents.mainFrame) return false
  return frame.url.split(/[?#]/)[0] === pageUrl.split(/[?#]/)[0]
}
