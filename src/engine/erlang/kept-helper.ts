import { type ErlangNodeSpec, hostOfName } from '../../shared/cluster/erlang-identity'
import { ErlangHelper, type HelperOptions } from './helper'

/** A helper that ended is started again after this long, while nodes still need it. */
const RESTART_MS = 1000
let helpersMade = 0

/** The cookie the cluster's command lines give; null leaves it to ~/.erlang.cookie. */
export function clusterCookie(nodes: ErlangNodeSpec[]): string | null {
  return nodes.find((node) => node.erlang.cookie !== null)?.erlang.cookie ?? null
}

/**
 * How to start the helper of a cluster of these nodes: a name of its own on their host, the
 * same kind of names and the same cookie. Undefined when there is nothing to help.
 */
export function helperOptionsFor(
  nodes: ErlangNodeSpec[],
  deps: { helperScript?: string; env: NodeJS.ProcessEnv; markOwner?: string },
): HelperOptions | undefined {
  const [first] = nodes
  if (!first || !deps.helperScript) return undefined
  const host = nodes.map((node) => hostOfName(node.erlang.name)).find(Boolean)
  const alive = `cluster_desk_${process.pid}_${++helpersMade}`
  return {
    script: deps.helperScript,
    name: host ? `${alive}@${host}` : alive,
    longNames: first.erlang.longNames,
    cookie: clusterCookie(nodes),
    env: deps.env,
    mark: deps.markOwner && `${deps.markOwner}/0/@erlang-helper`,
  }
}

/**
 * The cluster's hidden helper node, supervised: started when first needed, started again a
 * second after it ends for as long as Erlang nodes run, and known by the node name it gives
 * in its first answer. What went wrong last is kept, in words, for the mesh view.
 */
export class KeptHelper {
  private helper: ErlangHelper | undefined
  /** The helper's node name ("cluster_desk_…@host") once it answered. */
  node: string | undefined
  /** Why there is no helper, when there is none. */
  failure: string | undefined
  private stopped = false

  constructor(
    /** What to start it with, or undefined when it cannot be started now. */
    private readonly options: () => HelperOptions | undefined,
    /** Whether nodes still need it, once it ended. */
    private readonly wanted: () => boolean,
    /** It answered for the first time, or it ended. */
    private readonly changed: () => void,
  ) {}

  ensure(): void {
    if (this.helper || this.stopped) return
    const options = this.options()
    if (!options) return
    const helper = new ErlangHelper(options)
    this.helper = helper
    helper.request('hello').then(
      ([line]) => {
        this.node = line?.replace(/^node /, '')
        this.failure = undefined
        this.changed()
      },
      () => {},
    )
    void helper.exited.then((reason) => {
      if (this.helper !== helper) return
      this.helper = undefined
      this.node = undefined
      if (this.stopped) return
      this.failure = /ENOENT/.test(reason)
        ? 'escript is not on PATH: install Erlang (apt-get install erlang, or elixir) to see who sees whom'
        : reason
      this.changed()
      setTimeout(() => this.wanted() && this.ensure(), RESTART_MS).unref()
    })
  }

  /** One request; rejects, in words, when there is no helper or it does not answer. */
  request(verb: string, args: string[] = [], timeoutMs?: number): Promise<string[]> {
    if (!this.helper) {
      return Promise.reject(new Error(this.failure ?? 'the Erlang helper is not running yet'))
    }
    return this.helper.request(verb, args, timeoutMs)
  }

  stop(): void {
    this.stopped = true
    this.helper?.stop()
  }
}
