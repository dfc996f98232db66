import { readFileSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { checkPrivateFolder, ensurePrivateFolder, UnsafeFolderError } from '../files/private-folder'
import { writeFileAtomic } from '../files/write-file-atomic'
import { procTable } from '../supervisor/process/process-table'

/** Where a running host or desktop app says how to reach it: port, token, pid. */
export const runtimeInfoSchema = z.object({
  kind: z.enum(['headless', 'desktop']),
  pid: z.number().int().positive(),
  url: z.string().url(),
  token: z.string().min(16),
  cluster: z.string(),
  startedAt: z.string(),
})
export type RuntimeInfo = z.infer<typeof runtimeInfoSchema>

/**
 * The runtime directory: $CLUSTER_DESK_RUNTIME_DIR, else $XDG_RUNTIME_DIR/cluster-desk (a
 * per-user tmpfs on Linux), else ~/.config/cluster-desk.
 */
export function runtimeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLUSTER_DESK_RUNTIME_DIR) return env.CLUSTER_DESK_RUNTIME_DIR
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'cluster-desk')
  return join(homedir(), '.config', 'cluster-desk')
}

export function runtimeFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDirectory(env), 'runtime.json')
}

/**
 * Written to a temporary file then renamed, mode 0600, in a private folder: it holds the token.
 * Throws UnsafeFolderError when the folder is one others could write to.
 */
export function writeRuntimeFile(info: RuntimeInfo, env: NodeJS.ProcessEnv = process.env): string {
  const path = runtimeFilePath(env)
  ensurePrivateFolder(runtimeDirectory(env))
  writeFileAtomic(path, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 })
  return path
}

/**
 * The running host's file, or why there is none. A file left by a dead process is stale, and
 * one in a folder others could write to is not believed.
 */
export function readRuntimeFile(
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; info: RuntimeInfo } | { ok: false; reason: string; fix?: string } {
  const path = runtimeFilePath(env)
  try {
    checkPrivateFolder(runtimeDirectory(env))
  } catch (error) {
    if (error instanceof UnsafeFolderError)
      return { ok: false, reason: error.message.replace(/\.$/, ''), fix: error.fix }
    throw error
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return { ok: false, reason: `no Cluster Desk is running (no ${path})` }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, reason: `${path} is not valid JSON` }
  }
  const parsed = runtimeInfoSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, reason: `${path} is not a Cluster Desk runtime file` }
  if (!procTable.isAlive(parsed.data.pid)) {
    return {
      ok: false,
      reason: `the Cluster Desk that wrote ${path} (pid ${parsed.data.pid}) is no longer running`,
    }
  }
  return { ok: true, info: parsed.data }
}

/** Removes the file if it is still ours. */
export function removeRuntimeFile(env: NodeJS.ProcessEnv = process.env): void {
  const path = runtimeFilePath(env)
  try {
    const info = runtimeInfoSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
    if (info.pid === process.pid) rmSync(path, { force: true })
  } catch {
    // Not there or not ours: nothing to remove.
  }
}
