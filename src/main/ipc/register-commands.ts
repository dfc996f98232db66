import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { ClusterService } from '../../engine/service/cluster-service'
import { CHANNEL_PREFIX, type Channel, MAX_COMMAND_BYTES } from '../../shared/ipc/contract'
import { fail, type IpcResult } from '../../shared/ipc/result'
import { REQUEST_SCHEMAS } from '../../shared/ipc/schemas'

export const COMMAND_CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[]

/**
 * The only code that touches ipcMain. Every contract channel gets one handler that, in order,
 * refuses a sender that is not our window's top frame, then an oversized payload, then lets
 * the service validate the payload against the channel's schema and run it. Answers are results, never throws.
 */
export function registerCommands(
  ipcMain: IpcMain,
  service: ClusterService,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const channel of COMMAND_CHANNELS) {
    if (!channel.startsWith(CHANNEL_PREFIX))
      throw new Error(`${channel} lacks the ${CHANNEL_PREFIX} prefix`)
    ipcMain.handle(
      channel,
      (event, payload: unknown): Promise<IpcResult<unknown>> | IpcResult<never> => {
        if (!isTrustedSender(event)) {
          return fail(
            'forbidden',
            `${channel} refused: the sender is not the Cluster Desk window`,
            'Only the app window may send commands.',
          )
        }
        // The same bound as the WebSocket's: a runaway page cannot make main validate megabytes.
        const bytes = JSON.stringify(payload ?? null).length
        if (bytes > MAX_COMMAND_BYTES) {
          return fail(
            'bad-request',
            `${channel} refused: the payload is ${bytes} bytes, more than ${MAX_COMMAND_BYTES}`,
            'Send a smaller payload; a cluster definition is a few kilobytes.',
          )
        }
        return service.dispatch(channel, payload)
      },
    )
  }
  return () => {
    for (const channel of COMMAND_CHANNELS) ipcMain.removeHandler(channel)
  }
}
