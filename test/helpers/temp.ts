import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []

/** A new private folder in the temporary folder, removed when the test file is done. */
export function tempFolder(purpose = 'test'): string {
  const folder = mkdtempSync(join(tmpdir(), `cluster-desk-${purpose}-`))
  made.push(folder)
  return folder
}

// Each test file has its own module registry, so this runs once per file, after its own hooks.
afterAll(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true })
})
