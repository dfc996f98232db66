import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateFolder } from '../files/private-folder'
import { writeFileAtomic } from '../files/write-file-atomic'
import { runtimeDirectory } from './runtime-file'
import { createToken } from './token'

/** What createToken makes: 24 random bytes as base64url. Anything else in the file is not ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/

export function keptTokenPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDirectory(env), 'host-token')
}

/**
 * The host's token, the same across restarts so an open page reconnects and a reload works:
 * kept in the private runtime folder (0700, the file 0600), which is also where the CLI
 * reads it. `renew` (serve --new-token) makes a new one, so every page and copied address
 * holding the old one is refused from then on. Throws UnsafeFolderError like the runtime file.
 */
export function keptToken(renew: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const path = keptTokenPath(env)
  ensurePrivateFolder(runtimeDirectory(env))
  if (!renew) {
    try {
      const kept = readFileSync(path, 'utf8').trim()
      if (TOKEN_SHAPE.test(kept)) return kept
    } catch {
      // None yet: make one.
    }
  }
  const token = createToken()
  writeFileAtomic(path, `${token}\n`, { mode: 0o600 })
  return token
}
