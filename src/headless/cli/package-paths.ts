import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The installed package's root: this file is bundled into out/node/, two folders down. */
function findRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(folder, 'package.json'))) return folder
    folder = resolve(folder, '..')
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
}

export const PACKAGE_ROOT = findRoot()
export const DEMO_NODE_SCRIPT = join(PACKAGE_ROOT, 'resources', 'demo-node.mjs')
/** The hidden Erlang node that looks into a cluster; escript runs it, so it ships as source. */
export const ERLANG_HELPER_SCRIPT = join(PACKAGE_ROOT, 'resources', 'erlang-helper.escript')
export const WATCHDOG_SCRIPT = join(PACKAGE_ROOT, 'out', 'node', 'watchdog.mjs')
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer')
