import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * The integration tests drive the real cluster-desk binary and load the built bundles: build
 * them first when the sources changed since the last build (CI has just built them).
 */
export default function setup(): void {
  execFileSync(process.execPath, [resolve(__dirname, '../../tools/build-if-stale.mjs')], {
    stdio: 'inherit',
  })
}
