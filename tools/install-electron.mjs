// Runs before `npm start` and `npm run dev`: fetches the Electron binary once, through the
// electron package's own installer, and turns a failed download into one sentence with what
// to do instead of a stack trace.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const installer = require.resolve('electron/install.js')
const result = spawnSync(process.execPath, [installer], { encoding: 'utf8' })
if (result.status === 0) process.exit(0)

const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
const reason = /fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(output)
  ? 'this machine could not reach the download (no internet access, or a proxy in the way)'
  : (output.trim().split('\n')[0] ?? `the installer exited with ${result.status}`)
console.error(`The Electron binary could not be downloaded: ${reason}.`)
console.error(
  '  fix: set ELECTRON_MIRROR to a mirror you can reach (or HTTPS_PROXY to your proxy) and run npm start again,',
)
console.error(
  '       or run "npm run up" for the same window in your browser, with no Electron at all.',
)
process.exit(1)
