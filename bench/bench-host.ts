import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'

export interface BenchHost {
  /** The address with the token, to open in a browser. */
  url: string
  folder: string
  stop(): Promise<void>
}

/** Runs the built `cluster-desk serve` (or `up`) on a cluster, in a folder of its own. */
export async function startBenchHost(
  cluster: unknown,
  verb: 'serve' | 'up' = 'serve',
): Promise<BenchHost> {
  const folder = mkdtempSync(join(tmpdir(), 'cluster-desk-bench-'))
  const config = join(folder, 'cluster.json')
  writeFileSync(config, JSON.stringify(cluster))
  const host = spawn(
    process.execPath,
    [join(PACKAGE_ROOT, 'bin', 'cluster-desk.mjs'), verb, '--config', config],
    {
      env: { ...process.env, NO_COLOR: '1', CLUSTER_DESK_RUNTIME_DIR: join(folder, 'runtime') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const url = await new Promise<string>((resolve) => {
    let output = ''
    host.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const found = /open (http:\/\/\S+)/.exec(output)?.[1]
      if (found) resolve(found)
    })
  })
  return {
    url,
    folder,
    stop: async () => {
      host.kill('SIGTERM')
      if (host.exitCode === null) await once(host, 'exit')
    },
  }
}
