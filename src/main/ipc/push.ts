import type { BrowserWindow } from 'electron'
import type { EventChannel, Events } from '../../shared/ipc/contract'

/** The one way main pushes to the window; a closed or destroyed window is skipped, not an error. */
export function pushEvent<E extends EventChannel>(
  window: BrowserWindow | undefined,
  event: E,
  payload: Events[E],
) {
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return
  window.webContents.send(event, payload)
}
