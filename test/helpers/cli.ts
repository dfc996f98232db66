import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { DEMO_NODE, freePorts, waitFor } from './fixtures'
import { tempFolder } from './temp'

export const CLI = resolve(__dirname, '../../bin/cluster-desk.mjs')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real cluster-desk binary to the end, in `cwd` (this repository by default). */
export function cli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    cwd,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolveRun) =>
    child.once('close', (code) => resolveRun({ code, stdout, stderr })),
  )
}

/** A runtime folder of its own, so tests never see each other's hosts (or a real one). */
export function isolatedEnv(): NodeJS.ProcessEnv {
  return { CLUSTER_DESK_RUNTIME_DIR: tempFolder('runtime') }
}

/** A cluster file of `count` demo nodes on free ports, with quick timings. */
export async function demoClusterFile(count = 3, extra: Record<string, unknown> = {}) {
  const ports = await freePorts(count)
  const folder = tempFolder('config')
  const path = join(folder, 'cluster.yaml')
  const nodes = ports.map((port, i) => ({
    name: `node${i + 1}`,
    port,
    command: `${JSON.stringify(process.execPath)} ${JSON.stringify(DEMO_NODE)}`,
    readiness: { interval: 50 },
    restart: { backoff: 100 },
    stop: { killTimeout: '2s' },
    ...extra,
  }))
  writeFileSync(path, stringify({ name: 'demo-test', nodes }))
  return { path, ports }
}

/** Starts `cluster-desk up` and waits until its nodes are running and the runtime file exists. */
export async function startUp(configPath: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'up', '--config', configPath], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => {
    output += chunk
  })
  child.stderr!.on('data', (chunk) => {
    output += chunk
  })
  const runtimeFile = join(env.CLUSTER_DESK_RUNTIME_DIR!, 'runtime.json')
  await waitFor(
    'cluster-desk up to start its nodes',
    () => output,
    (text) => /NODE\s+STATE/.test(text) || child.exitCode !== null,
    30_000,
  )
  if (!existsSync(runtimeFile)) throw new Error(`up did not start:\n${output}`)
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  )
  return { child, output: () => output, exited }
}
