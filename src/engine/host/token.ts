import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * Compares in constant time. Both sides are hashed first so their lengths match, which
 * timingSafeEqual needs, without the comparison leaking the token's length.
 */
export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(expected), digest(given))
}
