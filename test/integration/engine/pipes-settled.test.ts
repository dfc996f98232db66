import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { pipesSettled } from '../../../src/engine/supervisor/output/pipes-settled'

const children: Array<ReturnType<typeof spawn>> = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A real process writing to a real pipe, as a leftover grandchild would after its parent died. */
async function writer(script: string) {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] })
  children.push(child)
  let text = ''
  let lastDataAt = 0
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk
    lastDataAt = performance.now()
  })
  const closed = once(child.stdout, 'close')
  await once(child.stdout, 'readable')
  return {
    child,
    closed,
    bytes: () => Buffer.byteLength(text),
    text: () => text,
    lastDataAt: () => lastDataAt,
  }
}

describe('waiting for the pipes of a process that exited', () => {
  it('keeps reading while output still arrives, and stops once it has gone quiet', async () => {
    const pipe = await writer(`
      let n = 0
      const tick = setInterval(() => {
        console.log('tick ' + ++n)
        if (n === 20) clearInterval(tick)
      }, 40)
      setTimeout(() => {}, 30_000)`)
    await pipesSettled(pipe.closed, pipe.bytes, { quietMs: 300, maxMs: 10_000 })
    const quietFor = performance.now() - pipe.lastDataAt()
    expect(pipe.text()).toContain('tick 20\n')
    expect(pipe.child.exitCode).toBeNull() // it ended on quiet, not on the pipe closing
    // …after a whole quiet period, and soon after it, not at the 10 s limit.
    expect(quietFor).toBeGreaterThanOrEqual(290)
    expect(quietFor).toBeLessThan(1500)
  })

  it('gives up on pipes a process keeps busy for ever', async () => {
    const pipe = await writer(`setInterval(() => console.log('busy'), 10)`)
    await pipesSettled(pipe.closed, pipe.bytes, { quietMs: 300, maxMs: 1000 })
    expect(pipe.child.exitCode).toBeNull()
    expect(pipe.text().split('\n').length).toBeGreaterThan(10)
  })

  it('ends as soon as the pipes close', async () => {
    const pipe = await writer(`console.log('bye')`)
    await pipesSettled(pipe.closed, pipe.bytes, { quietMs: 60_000, maxMs: 60_000 })
    expect(pipe.text()).toBe('bye\n')
  })
})
