#!/usr/bin/env node
// The cluster-desk command: the CLI is built into out/node by "npm run build".
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/node/cli.mjs', import.meta.url))
if (!existsSync(cli)) {
  console.error(
    `cluster-desk is not built yet (${cli} is missing).\n  fix: run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))}`,
  )
  process.exit(1)
}
await import(cli)
