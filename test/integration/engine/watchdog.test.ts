import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startWatchdog } from '../../../src/engine/supervisor/process/watchdog'
import { FIXTURES, waitFor } from '../../helpers/fixtures'

describe('the watchdog link', () => {
  it('gives up on a watchdog that dies as it starts, and says so instead of retrying for ever', async () => {
    const link = startWatchdog({ script: join(FIXTURES, 'there-is-no-such-watchdog.mjs') })
    const heard: string[] = []
    link.onRestarted((message) => heard.push(message))
    await waitFor(
      'the engine to give up',
      () => heard.at(-1) ?? '',
      (message) => message.includes('cannot run'),
      8000,
    )
    expect(heard).toHaveLength(3)
    expect(heard.slice(0, 2).every((message) => message.includes('started a new one'))).toBe(true)
    expect(heard[2]).toMatch(/exited with code 1 3 times within a second of starting/)
    link.close()
  })
})
