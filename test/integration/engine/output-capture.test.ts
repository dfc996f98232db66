import { describe, expect, it } from 'vitest'
import { ClusterManager } from '../../../src/engine/supervisor/cluster-manager'
import { disposeAfterEach } from '../../helpers/dispose-after-each'
import { cluster, fixture, waitFor } from '../../helpers/fixtures'

const disposeLater = disposeAfterEach()

/** Runs one command as a portless node until it exits, and returns its output. */
async function capture(command: string, env: Record<string, string> = {}, logLines?: number) {
  const manager = new ClusterManager(
    cluster(
      [{ name: 'n', port: null, command, env, restart: 'never' }],
      logLines ? { logLines } : {},
    ),
  )
  disposeLater(manager)
  await manager.startNode('n')
  await waitFor(
    'the node to end',
    () => manager.node('n').snapshot().state,
    (s) => s === 'completed' || s === 'failed',
    60_000,
  )
  const page = manager.readLogs('n', { streams: ['stdout', 'stderr'] })
  return Object.assign(page, { held: manager.node('n').output.held() })
}

/** What a bound of `lines` may hold at most: whole chunks are dropped, one 64 KiB read over. */
const mostHeld = (lines: number, lineBytes: number) => lines + Math.ceil(65_536 / lineBytes)

const hex = (text: string | Buffer) => Buffer.from(text).toString('hex')

describe('output captured from a real process', () => {
  it('rejoins a multibyte character written one byte at a time', async () => {
    const page = await capture(fixture('prints-bytes.mjs'), {
      BYTES_HEX: hex('naïve → 世界 🎉\n'),
      CHUNK: '1',
    })
    expect(page.lines.map((l) => l.text)).toEqual(['naïve → 世界 🎉'])
  })

  it('handles CRLF, and keeps a last line without newline', async () => {
    const page = await capture(fixture('prints-bytes.mjs'), {
      BYTES_HEX: hex('one\r\ntwo\r\nlast'),
      CHUNK: '3',
    })
    expect(page.lines.map((l) => l.text)).toEqual(['one', 'two', 'last'])
  })

  it('survives invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok '),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('\nafter\n'),
    ])
    const page = await capture(fixture('prints-bytes.mjs'), { BYTES_HEX: hex(bytes), CHUNK: '2' })
    expect(page.lines.map((l) => l.text)).toEqual(['ok \uFFFD\uFFFD', 'after'])
  })

  it('cuts a 1 MB line to 16 KiB and marks it', async () => {
    const page = await capture(
      `${JSON.stringify(process.execPath)} -e "process.stdout.write('y'.repeat(1048576) + '\\nnext\\n')"`,
    )
    expect(page.lines).toHaveLength(2)
    expect(page.lines[0]!.text).toBe('y'.repeat(16 * 1024))
    expect(page.lines[0]!.truncatedBytes).toBe(1048576 - 16 * 1024)
    expect(page.lines[1]!.text).toBe('next')
  })

  it('keeps exactly the last 1000 of 1,000,000 lines, in order, with consecutive seqs', async () => {
    const page = await capture(fixture('flooder.mjs'), { LINES: '1000000', LINE_BYTES: '40' })
    const stdout = page.lines.filter((l) => l.stream === 'stdout')
    expect(stdout).toHaveLength(1000)
    expect(stdout[0]!.text.startsWith('line 999001 ')).toBe(true)
    expect(stdout.at(-1)!.text.startsWith('line 1000000 ')).toBe(true)
    stdout.forEach((line, i) => {
      expect(line.seq).toBe(stdout[0]!.seq + i)
      expect(line.text.startsWith(`line ${999001 + i} `)).toBe(true)
    })
    expect(page.evicted.stdout).toBe(999_000)
    // The buffer itself let go of the rest, not only the reader's view of it.
    expect(page.held.stdout.lines).toBeLessThanOrEqual(mostHeld(1000, 40))
    expect(page.held.stdout.bytes).toBeLessThanOrEqual(mostHeld(1000, 40) * 40)
  })

  it('keeps stdout and stderr apart, each bounded by the configured size', async () => {
    const page = await capture(
      fixture('flooder.mjs'),
      { LINES: '5000', STDERR_EVERY: '10', BATCH: '7' },
      100,
    )
    const stderr = page.lines.filter((l) => l.stream === 'stderr')
    const stdout = page.lines.filter((l) => l.stream === 'stdout')
    expect(stderr).toHaveLength(100)
    expect(stdout).toHaveLength(100)
    expect(stderr.at(-1)!.text.startsWith('line 5000 ')).toBe(true)
    expect(stdout.at(-1)!.text.startsWith('line 4999 ')).toBe(true)
    expect(page.evicted).toMatchObject({ stdout: 4400, stderr: 400 })
    expect(page.held.stdout.lines).toBeLessThanOrEqual(mostHeld(100, 100))
    expect(page.held.stderr.lines).toBeLessThanOrEqual(mostHeld(100, 100))
  })
})
