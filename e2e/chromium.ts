/**
 * Debian's Chromium, never a downloaded one (this machine cannot fetch browsers), with the
 * flags it needs here: no sandbox as root, no GPU, and no calls to the network it lacks.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
