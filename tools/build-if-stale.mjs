// Builds out/ when it is missing or older than the sources it is built from, and says why;
// otherwise does nothing. `npm run up` and the integration tests run it, so neither ever runs
// a stale build, and CI (which builds first) builds once.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const inputs = [
  'src',
  'resources',
  'bench',
  'package.json',
  'electron.vite.config.ts',
  'vite.node.config.mts',
]
const outputs = [
  'out/main/index.js',
  'out/preload/index.js',
  'out/renderer/index.html',
  'out/node/cli.mjs',
  'out/node/watchdog.mjs',
  'out/node/bench-run.mjs',
]

/** The newest file under `path` and when it changed. */
function newest(path) {
  const full = join(root, path)
  if (!existsSync(full)) return { file: path, at: 0 }
  const stat = statSync(full)
  if (!stat.isDirectory()) return { file: path, at: stat.mtimeMs }
  let best = { file: path, at: 0 }
  for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    const at = statSync(file).mtimeMs
    if (at > best.at) best = { file: relative(root, file), at }
  }
  return best
}

const missing = outputs.find((file) => !existsSync(join(root, file)))
const builtAt = missing ? 0 : Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs))
const changed = inputs.map(newest).reduce((a, b) => (b.at > a.at ? b : a))
if (missing || changed.at > builtAt) {
  console.error(
    `building: ${missing ? `${missing} is missing` : `${changed.file} changed since the last build`}`,
  )
  execFileSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
}
