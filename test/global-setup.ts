import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * Builds main, preload, renderer and the CLI once before the tests, so the tests that drive
 * the real cluster-desk binary and load the built bundles always see the current code.
 */
export default function setup(): void {
  const root = resolve(__dirname, '..')
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  execFileSync('npx', ['vite', 'build', '--config', 'vite.node.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  })
}
