import { contextBridge } from 'electron'

// The typed cluster API is exposed here once the contract exists; until then the renderer
// learns only which app version it runs in.
contextBridge.exposeInMainWorld('clusterDesk', { version: '0.1.0' })
