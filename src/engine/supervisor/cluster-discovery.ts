import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const CLUSTER_FILE_NAMES = ['cluster-desk.yaml', 'cluster-desk.yml', 'cluster-desk.json']

/** The folder and each of its parents, up to the root. */
function upFrom(folder: string): string[] {
  const folders: string[] = []
  for (let at = resolve(folder); ; at = dirname(at)) {
    folders.push(at)
    if (dirname(at) === at) return folders
  }
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile()

/**
 * The cluster a folder means, as `git` finds its repository: the first cluster-desk.yaml,
 * .yml or .json in the folder or a parent, else the first Procfile there, else none.
 */
export function discoverClusterFile(folder: string): string | undefined {
  const folders = upFrom(folder)
  for (const names of [CLUSTER_FILE_NAMES, ['Procfile']]) {
    for (const at of folders) {
      const found = names.map((name) => join(at, name)).find(isFile)
      if (found) return found
    }
  }
  return undefined
}
