import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** The file's mode once written; 0600 unless said otherwise. */
  mode?: number
  /**
   * Flush the content to disk before the rename, so it also survives a power cut: for files
   * the user asked for. The engine's own bookkeeping, rewritten often, only needs to survive
   * a crash of the process, which the rename alone guarantees.
   */
  durable?: boolean
}

/**
 * A fresh name beside the target. It is opened with O_CREAT|O_EXCL ("wx"), which fails on
 * anything already there, a symlink included, so a file planted under a guessable name can
 * never make us write through it; and it is random, so nobody can plant it in advance.
 */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`)
}

/**
 * Writes a whole file or nothing: the content goes to a private temporary file beside the
 * target, then is renamed over it (rename replaces a symlink at the target, never follows it).
 * A crash at any moment leaves the previous file as it was; readers never see half a file; an
 * error leaves no temporary file behind.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  { mode = 0o600, durable = false }: AtomicWriteOptions = {},
): void {
  const temporary = temporaryBeside(path)
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    writeFileSync(fd, content) // loops until every byte is written
    if (mode !== 0o600) fchmodSync(fd, mode)
    if (durable) fsyncSync(fd)
    closeSync(fd)
    renameSync(temporary, path)
  } catch (error) {
    try {
      closeSync(fd)
    } catch {
      // Already closed by the step that failed after it.
    }
    rmSync(temporary, { force: true })
    throw error
  }
}

/**
 * The same, for content that arrives in pieces (an export of a large log): each piece is
 * written before the next is asked for, so memory holds one piece at a time.
 */
export async function writeFileAtomicFrom(
  path: string,
  pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  { mode = 0o600, durable = false }: AtomicWriteOptions = {},
): Promise<void> {
  const temporary = temporaryBeside(path)
  const file = await open(temporary, 'wx', 0o600)
  let closed = false
  try {
    for await (const piece of pieces) {
      if (typeof piece === 'string') await file.write(piece)
      else await file.write(piece)
    }
    if (mode !== 0o600) await file.chmod(mode)
    if (durable) await file.sync()
    closed = true
    await file.close()
    await rename(temporary, path)
  } catch (error) {
    if (!closed) await file.close().catch(() => {})
    await rm(temporary, { force: true })
    throw error
  }
}
