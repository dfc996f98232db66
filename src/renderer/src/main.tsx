import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectClusterApi } from './api/cluster-api'
import { App } from './app'
import { createStores } from './state/stores'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
const view = createRoot(root)
const link = connectClusterApi()
if (link) {
  // One set of stores for the page's life: StrictMode may render App twice, not make these.
  const stores = createStores(link.api, link.connection)
  window.addEventListener(
    'pagehide',
    () => {
      stores.dispose()
      link.dispose()
    },
    { once: true },
  )
  view.render(
    <StrictMode>
      <App api={link.api} stores={stores} />
    </StrictMode>,
  )
} else {
  view.render(
    <div className="loading" role="alert">
      This page has no token for Cluster Desk. Open the address that "cluster-desk serve" or
      "cluster-desk up" printed (it ends in #token=…), or run "cluster-desk status" to see where it
      is running.
    </div>,
  )
}
