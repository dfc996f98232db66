import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { TREE_MARK_VARIABLE } from '../supervisor/process/tree-marks'

export interface HelperOptions {
  /** resources/erlang-helper.escript */
  script: string
  /** The helper's node name: "alive" or "alive@host". */
  name: string
  longNames: boolean
  /** The cluster's cookie; null leaves it to ~/.erlang.cookie, as any Erlang node does. */
  cookie: string | null
  env: NodeJS.ProcessEnv
  /** The tree mark it carries, so a sweep or the watchdog finds it like a node's process. */
  mark?: string
}

interface Pending {
  lines: string[]
  resolve: (lines: string[]) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/**
 * The hidden Erlang node that looks into the cluster for the engine (see
 * resources/erlang-helper.escript for the protocol). Its name and cookie travel in ERL_FLAGS,
 * never on a command line other users can read in ps. It ends when its stdin closes, so it
 * never outlives the engine.
 */
export class ErlangHelper {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private stderr = ''
  private ended: string | undefined
  /** Resolves with the reason once the helper has ended, whoever ended it. */
  readonly exited: Promise<string>

  constructor(options: HelperOptions) {
    const flags = [
      options.env.ERL_FLAGS,
      '-hidden',
      options.longNames ? '-name' : '-sname',
      options.name,
      ...(options.cookie === null ? [] : ['-setcookie', options.cookie]),
    ]
    this.child = spawn('escript', [options.script], {
      env: {
        ...options.env,
        ERL_FLAGS: flags.filter(Boolean).join(' '),
        ...(options.mark ? { [TREE_MARK_VARIABLE]: options.mark } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child.stdin.on('error', () => {})
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = `${this.stderr}${chunk}`.slice(-2000)
    })
    createInterface({ input: this.child.stdout }).on('line', (line) => this.heard(line))
    this.exited = new Promise((resolve) => {
      const end = (reason: string) => {
        if (this.ended) return
        this.ended = reason
        for (const request of this.pending.values()) {
          clearTimeout(request.timer)
          request.reject(new Error(reason))
        }
        this.pending.clear()
        resolve(reason)
      }
      this.child.once('error', (error) =>
        end(`the Erlang helper could not start: ${error.message}`),
      )
      this.child.once('exit', (code, signal) => {
        const last = this.stderr.trim().split('\n').at(-1)
        end(`the Erlang helper ended (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}`)
      })
    })
  }

  /** The lines of one answer, without their id and the closing "end". */
  request(verb: string, args: string[] = [], timeoutMs = 10_000): Promise<string[]> {
    if (this.ended) return Promise.reject(new Error(this.ended))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`the Erlang helper did not answer "${verb}" within ${timeoutMs / 1000} s`))
      }, timeoutMs)
      this.pending.set(id, { lines: [], resolve, reject, timer })
      this.child.stdin.write(`${id} ${[verb, ...args].join(' ')}\n`)
    })
  }

  private heard(line: string): void {
    const space = line.indexOf(' ')
    const request = this.pending.get(Number(line.slice(0, space)))
    if (!request) return
    const text = line.slice(space + 1)
    if (text !== 'end') {
      request.lines.push(text)
      return
    }
    clearTimeout(request.timer)
    this.pending.delete(Number(line.slice(0, space)))
    request.resolve(request.lines)
  }

  stop(): void {
    this.child.stdin.end()
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref()
  }
}
