import { tmpdir } from 'node:os'
import { expect, inject, it } from 'vitest'
import { ourTempEntries } from './snapshot'

// This group runs after every other test file has finished, its afterAll hooks included.
it('leaves nothing behind in the temporary folder', () => {
  const before = new Set(inject('tempBefore'))
  const left = ourTempEntries().filter((name) => !before.has(name))
  expect(
    left,
    `left in ${tmpdir()}: make each folder with tempFolder() from test/helpers/temp.ts`,
  ).toEqual([])
})
