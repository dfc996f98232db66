import { afterEach } from 'vitest'

/**
 * For a test file that starts managers or services: the function it returns takes each one
 * and hands it back, and every one kept is disposed of (its nodes stopped) after each test.
 */
export function disposeAfterEach(): <T extends { dispose(): Promise<void> }>(made: T) => T {
  const kept: Array<{ dispose(): Promise<void> }> = []
  afterEach(async () => {
    await Promise.all(kept.splice(0).map((made) => made.dispose()))
  })
  return (made) => {
    kept.push(made)
    return made
  }
}
