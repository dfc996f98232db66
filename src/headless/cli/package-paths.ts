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
export const WATCHDOG_SCRIPT = join(PACKAGE_ROOT, 'out', 'node', 'watchdog.mjs')
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer')
