import { existsSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
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

/** A file of the built renderer as read once, with its compressed forms made once too. */
interface CachedFile {
  mtimeMs: number
  raw: Buffer
  br?: Buffer
  gzip?: Buffer
}
const cache = new Map<string, CachedFile>()
/** Compressing a file smaller than this saves less than the work costs. */
const MIN_COMPRESSED_BYTES = 1024
/**
 * Brotli's default (11) takes about 370 ms for the renderer's script on the first request and
 * saves 5 KiB over quality 6, which takes 9 ms: the first page load matters more.
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }

function cached(file: string): CachedFile {
  const { mtimeMs } = statSync(file)
  const known = cache.get(file)
  if (known && known.mtimeMs === mtimeMs) return known
  const fresh = { mtimeMs, raw: readFileSync(file) }
  cache.set(file, fresh)
  return fresh
}

/** The best encoding both sides speak: brotli, then gzip, else none. */
function encodingFor(accepted: string | undefined): 'br' | 'gzip' | undefined {
  const names = (accepted ?? '').split(',').map((part) => part.split(';')[0]!.trim())
  if (names.includes('br')) return 'br'
  return names.includes('gzip') ? 'gzip' : undefined
}

/**
 * Sends one file of the built renderer, compressed when the browser accepts it. Assets carry
 * a hash of their content in their names, so they may be kept for a year; the page itself
 * must be asked for again each time, so a new build is seen at once.
 */
export function sendStaticFile(
  file: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const entry = cached(file)
  const encoding =
    entry.raw.length >= MIN_COMPRESSED_BYTES
      ? encodingFor(request.headers['accept-encoding'])
      : undefined
  let body = entry.raw
  if (encoding === 'br') body = entry.br ??= brotliCompressSync(entry.raw, BROTLI)
  if (encoding === 'gzip') body = entry.gzip ??= gzipSync(entry.raw, { level: 6 })
  const hashed = file.includes(`${sep}assets${sep}`)
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    // No other page may frame the UI (a meta tag cannot say this, a header can).
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  })
  response.end(request.method === 'HEAD' ? undefined : body)
}
