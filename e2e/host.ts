import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '..')
export const DEMO_NODE = join(ROOT, 'resources/demo-node.mjs')

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** `count` ports nobody listens on, all different (the OS may hand out one port twice). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < count) ports.add(await freePort())
  return [...ports]
}

export interface Host {
  url: string
  process: ChildProcess
  /** The folder holding the cluster file and the runtime folder (token, records). */
  folder: string
  port: number
  /** SIGTERM, then removes the folder unless it is to be served again. */
  stop(options?: { keepFolder?: boolean }): Promise<void>
}

export interface ServeOptions {
  /** Serve again in this earlier host's folder (same runtime folder, so the same token). */
  folder?: string
  port?: number
  args?: string[]
}

/** Runs the real `cluster-desk serve` on a cluster file and returns the URL it printed. */
export async function serve(
  cluster: unknown,
  env: NodeJS.ProcessEnv = {},
  options: ServeOptions = {},
): Promise<Host> {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'cluster-desk-e2e-'))
  const config = join(folder, 'cluster.json')
  writeFileSync(config, JSON.stringify(cluster, null, 2))
  const portArgs = options.port ? ['--port', String(options.port)] : []
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/cluster-desk.mjs'),
      'serve',
      '--config',
      config,
      ...portArgs,
      ...(options.args ?? []),
    ],
    {
      env: {
        ...process.env,
        NO_COLOR: '1',
        CLUSTER_DESK_RUNTIME_DIR: join(folder, 'runtime'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 20_000)
    const collect = (chunk: Buffer) => {
      output += chunk
      const found = /open (http:\/\/\S+)/.exec(output)?.[1]
      if (found) {
        clearTimeout(timer)
        resolveUrl(found)
      }
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', () => reject(new Error(`serve exited:\n${output}`)))
  })
  return {
    url,
    process: child,
    folder,
    port: Number(new URL(url).port),
    stop: ({ keepFolder = false } = {}) =>
      new Promise((resolveStop) => {
        const removeFolder = () => {
          if (!keepFolder) rmSync(folder, { recursive: true, force: true })
          resolveStop()
        }
        if (child.exitCode !== null || child.signalCode !== null) return removeFolder()
        child.once('exit', removeFolder)
        child.kill('SIGTERM')
      }),
  }
}
