#!/usr/bin/env node
// Runs Electronegativity over src/ and fails unless every finding is justified in README.md,
// under "Electron security review", by a table row naming its check and file. A row whose
// finding is gone fails too, so the README never justifies something that no longer exists.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const binary = join(here, 'node_modules/.bin/electronegativity')
const SECTION = '## Electron security review'
// Fetches Electron's release list from GitHub, which a machine without internet cannot reach;
// the Electron version is pinned, and moving it is a reviewed change of its own.
const SKIPPED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

if (!existsSync(binary)) {
  console.error('Electronegativity is not installed. Run: npm ci --prefix tools/electronegativity')
  process.exit(2)
}

const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies
  .electron
const folder = mkdtempSync(join(tmpdir(), 'electronegativity-'))
const report = join(folder, 'report.sarif')
try {
  execFileSync(
    binary,
    ['-i', 'src', '-r', '-e', electronVersion, '-x', SKIPPED_CHECKS.join(','), '-o', report],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  const findings = JSON.parse(readFileSync(report, 'utf8')).runs[0].results.map((result) => {
    const where = result.locations[0].physicalLocation
    return {
      check: result.ruleId,
      file: `src/${where.artifactLocation.uri}`,
      line: where.region.startLine,
      message: result.message.text,
    }
  })
  const justified = justifications(readFileSync(join(root, 'README.md'), 'utf8'))
  const key = (item) => `${item.check} ${item.file}`
  const unjustified = findings.filter((f) => !justified.some((j) => key(j) === key(f)))
  const stale = justified.filter((j) => !findings.some((f) => key(f) === key(j)))

  console.log(
    `Electronegativity on src/ for Electron ${electronVersion}: ${findings.length} finding(s)`,
  )
  for (const f of findings) {
    const mark = unjustified.includes(f) ? 'NOT JUSTIFIED' : 'justified'
    console.log(`  ${mark.padEnd(13)} ${f.check} ${f.file}:${f.line} ${f.message}`)
  }
  for (const j of stale) {
    console.log(
      `  STALE         ${j.check} ${j.file}: README.md justifies it, but it is not reported`,
    )
  }
  if (unjustified.length > 0 || stale.length > 0) {
    console.error(
      `Fix each finding marked NOT JUSTIFIED, or add a row for it under "${SECTION}" in README.md ` +
        'saying why it is safe; remove the rows marked STALE.',
    )
    process.exit(1)
  }
} finally {
  rmSync(folder, { recursive: true, force: true })
}

/** Rows of the review table: | `CHECK_ID` | `src/file` | why it is safe | */
function justifications(readme) {
  const start = readme.indexOf(`${SECTION}\n`)
  if (start === -1) throw new Error(`README.md has no "${SECTION}" section`)
  const end = readme.indexOf('\n## ', start + SECTION.length)
  const section = readme.slice(start, end === -1 ? undefined : end)
  const rows = []
  for (const match of section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|$/gm)) {
    const [, check, file, why] = match
    if (why.length < 20) throw new Error(`README.md: the row for ${check} needs a reason`)
    rows.push({ check, file })
  }
  return rows
}
