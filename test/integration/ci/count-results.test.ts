import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../helpers/temp'

const COUNT = resolve(__dirname, '../../../.ci/count-results.mjs')
const run = promisify(execFile)

/** Runs the counter on reports written as given; its last line, and its exit code. */
async function count(reports: Record<string, unknown>) {
  const folder = tempFolder('ci')
  const paths = Object.entries(reports).map(([name, report]) => {
    const path = join(folder, name)
    if (report !== undefined) writeFileSync(path, JSON.stringify(report))
    return path
  })
  try {
    const { stdout } = await run(process.execPath, [COUNT, ...paths])
    return { output: stdout.trim(), code: 0 }
  } catch (error) {
    const { stdout, code } = error as { stdout: string; code: number }
    return { output: stdout.trim(), code }
  }
}

const vitest = (files: Array<{ status: string; message?: string; tests: string[] }>) => ({
  numPassedTests: files.flatMap((f) => f.tests).filter((t) => t === 'passed').length,
  numFailedTests: files.flatMap((f) => f.tests).filter((t) => t === 'failed').length,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: files.map((f, i) => ({
    name: `/repo/test/file${i}.test.ts`,
    status: f.status,
    message: f.message ?? '',
    assertionResults: f.tests.map((status) => ({ status })),
  })),
})

describe('the CI count of test results', () => {
  it('counts a file that could not load and a failing afterAll as failures, naming them', async () => {
    const result = await count({
      'unit.json': vitest([
        { status: 'failed', message: 'Cannot find module ./gone', tests: [] },
        { status: 'failed', message: 'after all failed', tests: ['passed'] },
        { status: 'passed', tests: ['passed', 'passed'] },
      ]),
    })
    expect(result.code).toBe(1)
    expect(result.output).toContain(
      'failed outside a test: /repo/test/file0.test.ts: Cannot find module ./gone',
    )
    expect(result.output).toContain(
      'failed outside a test: /repo/test/file1.test.ts: after all failed',
    )
    expect(result.output.split('\n').at(-1)).toBe('3 passed, 2 failed')
  })

  it('counts a failing test once, not again for its file', async () => {
    const result = await count({
      'unit.json': vitest([{ status: 'failed', tests: ['failed', 'passed'] }]),
    })
    expect(result.output).toBe('1 passed, 1 failed')
  })

  it('counts Playwright errors outside tests, and a missing report', async () => {
    const result = await count({
      'e2e.json': {
        stats: { expected: 4, unexpected: 0, flaky: 0, skipped: 2 },
        errors: [{ message: 'Error: beforeAll hook timeout\n  at …' }],
      },
      'missing.json': undefined,
    })
    expect(result.code).toBe(1)
    expect(result.output.split('\n').at(-1)).toBe('4 passed, 2 failed, 2 skipped')
  })

  it('passes a clean run', async () => {
    const result = await count({ 'unit.json': vitest([{ status: 'passed', tests: ['passed'] }]) })
    expect(result).toEqual({ output: '1 passed, 0 failed', code: 0 })
  })
})
