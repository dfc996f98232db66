import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { TREE_MARK_VARIABLE } from '../supervisor/process/tree-marks'

/** The port epmd listens on: ERL_EPMD_PORT as Erlang reads it, else 4369. */
export function epmdPort(env: NodeJS.ProcessEnv): number {
  const port = Number(env.ERL_EPMD_PORT)
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 4369
}

export type EpmdNames =
  | { ok: true; names: Array<{ name: string; port: number }> }
  | { ok: false; error: string }

const NAMES_REQUEST = Buffer.from([0, 1, 110]) // length 1, then 'n' (NAMES_REQ)

/**
 * The names registered with epmd and their distribution ports, asked over epmd's own TCP
 * protocol: a NAMES request is answered with epmd's port (4 bytes) and one line per node,
 * "name NAME at port PORT", then the connection closes. No epmd binary is needed.
 */
export function queryEpmd(port: number, timeoutMs = 1000): Promise<EpmdNames> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const finish = (result: EpmdNames) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(timeoutMs, () =>
      finish({ ok: false, error: `no answer within ${timeoutMs} ms` }),
    )
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        error: error.code === 'ECONNREFUSED' ? 'connection refused' : error.message,
      }),
    )
    socket.once('connect', () => socket.write(NAMES_REQUEST))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('end', () => {
      const answer = Buffer.concat(chunks)
      if (answer.length < 4) return finish({ ok: false, error: 'epmd answered nothing' })
      const names = [
        ...answer
          .subarray(4)
          .toString('latin1')
          .matchAll(/^name (\S+) at port (\d+)$/gm),
      ]
      finish({ ok: true, names: names.map((m) => ({ name: m[1]!, port: Number(m[2]) })) })
    })
  })
}

/**
 * Makes sure epmd runs: asked first, and started (`epmd -daemon`) only when nobody answers.
 * epmd is a service of the machine, shared with every other Erlang node of the user, so it is
 * started outside every node's tree and without a tree mark: no stop, watchdog or sweep of
 * Cluster Desk will ever end it. Resolves with the names once it answers, or why it does not.
 */
export async function ensureEpmd(env: NodeJS.ProcessEnv, waitMs = 3000): Promise<EpmdNames> {
  const port = epmdPort(env)
  const first = await queryEpmd(port)
  if (first.ok) return first
  const clean: NodeJS.ProcessEnv = { ...env, ERL_EPMD_PORT: String(port) }
  delete clean[TREE_MARK_VARIABLE]
  const started = await new Promise<string | undefined>((resolve) => {
    const child = spawn('epmd', ['-port', String(port), '-daemon'], {
      env: clean,
      stdio: 'ignore',
      detached: true,
    })
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? 'epmd is not on PATH; install Erlang (apt-get install erlang, or elixir)'
          : error.message,
      ),
    )
    child.once('exit', (code) =>
      resolve(code === 0 ? undefined : `epmd -port ${port} -daemon exited with ${code}`),
    )
    child.unref()
  })
  if (started)
    return { ok: false, error: `epmd is not running and could not be started: ${started}` }
  const deadline = Date.now() + waitMs
  for (;;) {
    const names = await queryEpmd(port)
    if (names.ok || Date.now() > deadline) return names
    await sleep(50)
  }
}

/**
 * Resolves true once `alive` is registered with epmd on `port` (its distribution is up, so it
 * can be connected to), or false as soon as `wanted()` turns false. Asks every `everyMs`.
 */
export async function untilRegistered(
  port: number,
  alive: string,
  wanted: () => boolean,
  everyMs = 20,
): Promise<boolean> {
  while (wanted()) {
    const names = await queryEpmd(port, 500)
    if (names.ok && names.names.some((entry) => entry.name === alive)) return wanted()
    await sleep(everyMs)
  }
  return false
}
