import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron'
import { createClusterApi, type EventChannel, type Events } from '../shared/ipc/contract'

// Exactly one object reaches the page: the typed ClusterApi, one method per command and one
// subscription per event. No generic invoke, no ipcRenderer, no Node.
contextBridge.exposeInMainWorld(
  'clusterApi',
  createClusterApi({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe<E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) {
      const handler = (_event: IpcRendererEvent, payload: Events[E]) => listener(payload)
      ipcRenderer.on(event, handler)
      return () => {
        ipcRenderer.removeListener(event, handler)
      }
    },
  }),
)
