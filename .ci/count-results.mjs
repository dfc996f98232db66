// Prints "N passed, N failed" from Vitest's and Playwright's JSON reports. A failure is a test
// that failed, and also anything that failed outside a test: a file that could not be loaded,
// a failing beforeAll or afterAll hook, a global error. A missing report counts as one
// failure, since the suite it stands for did not run. Each failure outside a test is named.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const outside = []

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    outside.push(`${file}: missing (the suite did not run)`)
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  if (report.stats) {
    // Playwright: expected = passed, unexpected = failed, flaky = passed on retry; errors are
    // failures outside any test (a global setup, a hook that threw).
    passed += report.stats.expected + report.stats.flaky
    failed += report.stats.unexpected
    skipped += report.stats.skipped
    for (const error of report.errors ?? []) {
      outside.push(`${file}: ${String(error.message ?? error.value ?? 'error').split('\n')[0]}`)
    }
  } else {
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
    // Vitest marks a file failed when it could not be loaded or a hook threw, even if every
    // test in it passed (or none ran): that file is a failure of its own.
    for (const result of report.testResults ?? []) {
      if (result.status !== 'failed') continue
      if (result.assertionResults.some((assertion) => assertion.status === 'failed')) continue
      outside.push(`${result.name}: ${String(result.message ?? 'failed').split('\n')[0]}`)
    }
  }
}
for (const line of outside) console.log(`failed outside a test: ${line}`)
failed += outside.length
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
