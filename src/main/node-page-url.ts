/**
 * Whether a link the renderer asks to open is a node's own page: plain http on the loopback
 * address with an explicit port. The check parses the URL rather than matching a prefix, since
 * `http://127.0.0.1:4001@example.com/` starts like a node's page and leads elsewhere.
 */
export function isNodePageUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    url.port !== '' &&
    url.username === '' &&
    url.password === ''
  )
}
