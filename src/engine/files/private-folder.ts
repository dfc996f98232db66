import { lstatSync, mkdirSync } from 'node:fs'

/** A folder that holds secrets (the token) or drives kills (node records) and is not safe. */
export class UnsafeFolderError extends Error {
  constructor(
    readonly folder: string,
    problem: string,
    readonly fix: string,
  ) {
    super(`The runtime folder ${folder} ${problem}.`)
    this.name = 'UnsafeFolderError'
  }
}

/**
 * Why `path` may not hold Cluster Desk's runtime files, or undefined when it may: it must be a
 * real folder (not a symlink), owned by this user, that nobody else can write to. Anyone who
 * could write there could plant a records file naming processes to kill, or swap the runtime
 * file for one that sends the CLI's commands elsewhere.
 */
function unsafeBecause(path: string): UnsafeFolderError | undefined {
  const stat = lstatSync(path)
  const elsewhere = 'or point CLUSTER_DESK_RUNTIME_DIR at a folder of your own'
  if (stat.isSymbolicLink()) {
    return new UnsafeFolderError(
      path,
      'is a symbolic link',
      `Replace it with a real folder, ${elsewhere}.`,
    )
  }
  if (!stat.isDirectory()) {
    return new UnsafeFolderError(
      path,
      'is not a folder',
      `Remove the file that is there, ${elsewhere}.`,
    )
  }
  const uid = process.getuid?.()
  if (uid !== undefined && stat.uid !== uid) {
    return new UnsafeFolderError(
      path,
      `belongs to user id ${stat.uid}, not to you (${uid})`,
      `Remove it so Cluster Desk can create it anew, ${elsewhere}.`,
    )
  }
  if ((stat.mode & 0o022) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0')
    return new UnsafeFolderError(
      path,
      `can be written by other users (mode ${mode})`,
      `Run "chmod 700 ${path}", ${elsewhere}.`,
    )
  }
  return undefined
}

/** Creates the folder private (0700) when missing; throws UnsafeFolderError when it is not. */
export function ensurePrivateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const problem = unsafeBecause(path)
  if (problem) throw problem
}

/** Whether the folder exists; throws UnsafeFolderError when it exists and is not safe. */
export function checkPrivateFolder(path: string): boolean {
  try {
    lstatSync(path)
  } catch {
    return false
  }
  const problem = unsafeBecause(path)
  if (problem) throw problem
  return true
}
