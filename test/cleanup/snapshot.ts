import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster-desk-* entries of the temporary folder before any test ran. */
    tempBefore: string[]
  }
}

/** What Cluster Desk's tests name their folders in the temporary folder. */
export const ourTempEntries = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('cluster-desk-'))

/** Runs before any test: the test in this folder, run after all others, compares. */
export default function setup(project: TestProject): void {
  project.provide('tempBefore', ourTempEntries())
}
