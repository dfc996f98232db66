import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../helpers/fixtures'

const WRITER = join(FIXTURES, 'rewrites-forever.mjs')
const ROUNDS = 10

/** Starts a process rewriting `path` for ever, and kills it with SIGKILL at a random moment. */
async function killWhileWriting(mode: 'atomic' | 'conf' | 'plain', path: string) {
  const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, mode, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await once(writer.stdout, 'data') // the first version is complete
  await sleep(5 + Math.random() * 60)
  writer.kill('SIGKILL')
  await once(writer, 'exit')
}

/** Each version names itself at both ends: a torn or mixed file cannot pass. */
function isWhole(path: string): boolean {
  try {
    const version = JSON.parse(readFileSync(path, 'utf8')) as {
      first: number
      last: number
      filler: string
    }
    return version.first === version.last && version.filler.length === 4 * 1024 * 1024
  } catch {
    return false
  }
}

describe('a crash in the middle of a write', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'cluster-desk-atomic-'))

  it('leaves an export or runtime file whole, old or new', async () => {
    const path = join(folder(), 'node1.log')
    for (let round = 0; round < ROUNDS; round++) {
      await killWhileWriting('atomic', path)
      expect(isWhole(path), `round ${round}`).toBe(true)
    }
  })

  it('leaves the settings file whole, old or new', async () => {
    const path = join(folder(), 'settings.json')
    for (let round = 0; round < ROUNDS; round++) {
      await killWhileWriting('conf', path)
      expect(isWhole(path), `round ${round}`).toBe(true)
    }
  })

  it('does tear a file written in place, so the rounds above prove something', async () => {
    const path = join(folder(), 'plain.json')
    let torn = 0
    for (let round = 0; round < 3 * ROUNDS && torn === 0; round++) {
      await killWhileWriting('plain', path)
      if (!isWhole(path)) torn++
    }
    expect(torn).toBeGreaterThan(0)
  })
})
