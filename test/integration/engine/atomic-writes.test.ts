import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic, writeFileAtomicFrom } from '../../../src/engine/files/write-file-atomic'
import { FIXTURES } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

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
  const folder = () => tempFolder('atomic')

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

describe('a file written beside a hostile folder', () => {
  const folder = () => tempFolder('atomic')

  it('never writes through a symlink planted at the old temporary name or at the target', () => {
    const dir = folder()
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'untouched')
    const path = join(dir, 'runtime.json')
    // The name the engine used to write through: <path>.<pid>.tmp.
    symlinkSync(victim, `${path}.${process.pid}.tmp`)
    writeFileAtomic(path, 'token')
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
    expect(readFileSync(path, 'utf8')).toBe('token')
    expect(statSync(path).mode & 0o777).toBe(0o600)

    const linked = join(dir, 'linked.json')
    symlinkSync(victim, linked)
    writeFileAtomic(linked, 'replaced')
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
    expect(lstatSync(linked).isSymbolicLink()).toBe(false)
  })

  it('gives the file the mode asked for, and leaves nothing behind when the rename fails', async () => {
    const dir = folder()
    writeFileAtomic(join(dir, 'shared.txt'), 'x', { mode: 0o644 })
    expect(statSync(join(dir, 'shared.txt')).mode & 0o777).toBe(0o644)
    mkdirSync(join(dir, 'a-folder'))
    expect(() => writeFileAtomic(join(dir, 'a-folder'), 'x')).toThrow(/EISDIR/)
    await expect(writeFileAtomicFrom(join(dir, 'a-folder'), ['a', 'b'])).rejects.toThrow(/EISDIR/)
    expect(readdirSync(dir).sort()).toEqual(['a-folder', 'shared.txt'])
  })

  it('writes content that arrives in pieces, whole', async () => {
    const path = join(folder(), 'export.log')
    async function* pieces() {
      for (let i = 0; i < 1000; i++) yield `line ${i}\n`
    }
    await writeFileAtomicFrom(path, pieces(), { durable: true })
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(1000)
    expect(lines.at(-1)).toBe('line 999')
  })
})
