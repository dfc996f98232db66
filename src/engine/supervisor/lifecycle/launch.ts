import { setTimeout as sleep } from 'node:timers/promises'
import type { LogStream, NodeSpec } from '../../../shared/domain/node'
import { type Readiness, waitUntilReady } from '../health/readiness'
import type { ErlangPing } from '../health/run-probe'
import { waitForLine } from '../output/line-watch'
import type { NodeOutput } from '../output/node-output'
import { pipesSettled } from '../output/pipes-settled'
import { sendSignal } from '../process/stop-process-tree'
import { DIAGNOSIS_LINES } from './diagnosis'
import { type NodeChild, spawnNode } from './spawn-node'

/** After the main process ends, how long its pipes may stay open and silent before we stop. */
const PIPE_QUIET_MS = 300
/** …and how long they may stay open at most, however busy a leftover grandchild keeps them. */
export const PIPE_DRAIN_MAX_MS = 2000

/**
 * One launch of a node's command, from the moment it is decided until its process's exit and
 * last output have been taken in.
 *
 * A launch is made by a request to start, and carries that request's signal: every later
 * request (a stop, or another launch) aborts it, so every piece of asynchronous work begun
 * for this launch (the preflight, the wait for a spawn turn, readiness, the decision after
 * an exit) asks `superseded` after each await and ends there. That is how a stop always wins
 * over work begun before it.
 */
/**
 * The reason every abort here gives: without one, each abort builds a DOMException with a
 * stack trace, which a restart storm pays for hundreds of times a second.
 */
const EXITED = new Error('the process exited')

export class Launch {
  pid: number | null = null
  /** While it starts: why the last readiness check failed, in words. */
  notReadyBecause: string | null = null
  startedAt: number | null = null
  /** Resolves once the process's exit and last output have been taken in (at once if none). */
  settled: Promise<void> = Promise.resolve()
  /** Readiness ends when the launch is superseded or its process exits, whichever is first. */
  private readonly exited = new AbortController()

  constructor(
    /** Numbers this node's launches, for the tree marks of their processes. */
    readonly id: number,
    readonly signal: AbortSignal,
    /** seq of the launch's first line of output: diagnoses quote only this launch. */
    readonly firstSeq: number,
  ) {}

  get superseded(): boolean {
    return this.signal.aborted
  }

  /**
   * Waits until the node is ready (its log line, its port, its health check), or says how far
   * it got; ends early when the launch is superseded or its process exits.
   */
  untilReady(
    spec: NodeSpec,
    output: NodeOutput,
    erlang: { ping: ErlangPing } | undefined,
    /** Each time the reason it is not ready yet changes: logged, and kept for its card. */
    onReason: () => void,
  ): Promise<Readiness> {
    const pattern = new RegExp(spec.readiness.logLine ?? '')
    const signal = AbortSignal.any([this.signal, this.exited.signal])
    const onCheck = (failure: string) => {
      if (failure === this.notReadyBecause || signal.aborted) return
      this.notReadyBecause = failure
      output.system(`not ready yet: ${failure}`)
      onReason()
    }
    return waitUntilReady(
      spec,
      signal,
      erlang,
      (until) => waitForLine(output, pattern, this.firstSeq - 1, until),
      onCheck,
    )
  }

  /** This launch's last lines, for a diagnosis: its stderr, and all of its output. */
  tails(output: NodeOutput): { stderr: string[]; output: string[] } {
    const tail = (streams: LogStream[]) => output.tail(streams, this.firstSeq - 1, DIAGNOSIS_LINES)
    return { stderr: tail(['stderr']), output: tail(['stdout', 'stderr']) }
  }

  /** SIGKILL to the whole group, as a crash; resolves once the exit was taken in. */
  async killAsCrash(output: NodeOutput): Promise<void> {
    if (this.pid === null) return
    output.system(`killing pid ${this.pid} and its group with SIGKILL, as a crash`)
    sendSignal(-this.pid, 'SIGKILL')
    await Promise.race([this.settled, sleep(PIPE_DRAIN_MAX_MS)])
  }

  /**
   * Spawns the node's command and watches it (see `watch`), or says why the system refused to
   * start it at all (E2BIG, EAGAIN…).
   */
  async spawn(
    spec: NodeSpec,
    env: NodeJS.ProcessEnv,
    mark: string | undefined,
    output: NodeOutput,
    onExit: (code: number | null, signal: string | null) => void,
  ): Promise<{ refused: { code?: string; message: string } } | { pid: number }> {
    const spawned = await spawnNode(spec, env, mark)
    if ('refused' in spawned) return spawned
    const { child } = spawned
    this.pid = child.pid!
    void this.watch(child, output, onExit)
    return { pid: this.pid }
  }

  /**
   * Feeds the child's output into the node's log and watches it end. `onExit` runs the moment
   * the process exits; the returned promise (also `settled`) resolves once the pipes have closed
   * or gone quiet, so the last lines, which usually say why it died, are in the log.
   */
  watch(
    child: NodeChild,
    output: NodeOutput,
    onExit: (code: number | null, signal: string | null) => void,
  ): Promise<void> {
    let bytesRead = 0
    const streamsEnded = Promise.all(
      (['stdout', 'stderr'] as const).map((stream) => {
        const pipe = child[stream]
        pipe.on('data', (chunk: Buffer) => {
          bytesRead += chunk.length
          output.write(stream, chunk)
        })
        return new Promise<void>((resolve) => {
          pipe.once('close', () => {
            output.endStream(stream)
            resolve()
          })
        })
      }),
    )
    this.settled = new Promise((resolve) => {
      child.once('exit', async (code, signal) => {
        this.exited.abort(EXITED)
        onExit(code, signal)
        await pipesSettled(streamsEnded, () => bytesRead, {
          quietMs: PIPE_QUIET_MS,
          maxMs: PIPE_DRAIN_MAX_MS,
        })
        child.stdout.destroy()
        child.stderr.destroy()
        resolve()
      })
    })
    return this.settled
  }
}
