import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'

export interface AtomicWriteOptions {
  mode?: number
  /**
   * Flush the content to disk before the rename, so it also survives a power cut: for files
   * the user asked for. The engine's own bookkeeping, rewritten often, only needs to survive
   * a crash of the process, which the rename alone guarantees.
   */
  durable?: boolean
}

/**
 * Writes a whole file or nothing: the content goes to a temporary file beside the target,
 * then is renamed over it. A crash at any moment leaves the previous file as it was; readers
 * never see half a file.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  { mode = 0o644, durable = false }: AtomicWriteOptions = {},
): void {
  const temporary = `${path}.${process.pid}.tmp`
  const fd = openSync(temporary, 'w', mode)
  try {
    writeFileSync(fd, content) // loops until every byte is written
    if (durable) fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temporary, { force: true })
    throw error
  }
  closeSync(fd)
  renameSync(temporary, path)
}
