import { createReadStream, existsSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { Refusal } from './host-access'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

/**
 * The file of the built renderer a path names, or why there is none. A malformed escape
 * (`/%`, `/%E0%A4%A`) is a bad request, not a crash; a path that climbs out of the folder,
 * however it is spelt, is not found.
 */
export function staticFileFor(
  folder: string | undefined,
  pathname: string,
): { file: string } | Refusal {
  if (!folder || !existsSync(join(folder, 'index.html'))) {
    return {
      status: 404,
      message: 'the web UI is not built',
      fix: 'Run "npm run build", then start the host again.',
    }
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return { status: 400, message: 'the path is not a valid URL path', fix: 'Open / instead.' }
  }
  if (decoded.includes('\0')) {
    return { status: 400, message: 'the path holds a NUL character', fix: 'Open / instead.' }
  }
  const file = normalize(join(folder, decoded === '/' ? 'index.html' : decoded))
  if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return { status: 404, message: `${pathname.slice(0, 200)} not found`, fix: 'Open / instead.' }
  }
  return { file }
}

/** Sends one file of the built renderer; a read error ends the response, never the host. */
export function sendStaticFile(file: string, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    // No other page may frame the UI (a meta tag cannot say this, a header can).
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  })
  createReadStream(file)
    .once('error', () => response.destroy())
    .pipe(response)
}
