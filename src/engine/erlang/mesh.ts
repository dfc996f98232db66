import { aliveName, type ErlangNodeSpec } from '../../shared/cluster/erlang-identity'
import type { ErlangMesh, ErlangNodeStatus } from '../../shared/domain/erlang'

/** What the helper found at one node in its last look. */
export interface Polled {
  up: boolean
  sees: string[]
  otpRelease: string | null
  processes: number | null
  memoryBytes: number | null
  runQueue: number | null
  uptimeMs: number | null
}

/** A node that runs but cannot be reached for this long has a problem worth telling. */
const UNREACHABLE_GRACE_MS = 3000

const figure = (text: string | undefined) =>
  text === undefined || text === '-' || text === '' ? null : Number(text)

/** The helper's answer to a poll, by full node name (see resources/erlang-helper.escript). */
export function parsePoll(lines: string[]): Map<string, Polled> {
  const found = new Map<string, Polled>()
  for (const line of lines) {
    const [kind, name, state, ...fields] = line.split(' ')
    if (kind !== 'node' || !name) continue
    const values = Object.fromEntries(
      fields.map((field) => field.split('=', 2) as [string, string]),
    )
    found.set(name, {
      up: state === 'up',
      sees: values.sees ? values.sees.split(',').filter(Boolean) : [],
      otpRelease: values.otp && values.otp !== '-' ? values.otp : null,
      processes: figure(values.procs),
      memoryBytes: figure(values.mem),
      runQueue: figure(values.runq),
      uptimeMs: figure(values.uptime),
    })
  }
  return found
}

/**
 * Who sees whom. The mesh is formed when at least one Erlang node runs and every running one is
 * reachable and sees every other running one.
 */
export function buildMesh(state: {
  nodes: ErlangNodeSpec[]
  fullName: (node: ErlangNodeSpec) => string
  running: Map<string, number>
  partitioned: Set<string>
  polled: Map<string, Polled>
  epmd: ErlangMesh['epmd']
  connect: boolean
  helper: string | null
  /** Whether the node's recent output tells of a connection refused for its cookie. */
  refusedInLog: (name: string) => boolean
  /** Why nothing can be known, when nothing can. */
  unavailable: string | undefined
  now: number
}): ErlangMesh {
  const { nodes, fullName, running, polled, now } = state
  const statuses: ErlangNodeStatus[] = nodes.map((node) => {
    const seen = polled.get(node.name)
    const since = running.get(node.name)
    const unreachable =
      since !== undefined && seen?.up === false && now - since > UNREACHABLE_GRACE_MS
    return {
      name: node.name,
      erlangName: fullName(node),
      running: since !== undefined,
      reachable: seen?.up ?? false,
      sees: seen?.sees ?? [],
      partitioned: state.partitioned.has(node.name),
      otpRelease: seen?.otpRelease ?? null,
      processes: seen?.processes ?? null,
      memoryBytes: seen?.memoryBytes ?? null,
      runQueue: seen?.runQueue ?? null,
      uptimeMs: seen?.uptimeMs ?? null,
      problem: unreachable ? whyUnreachable(node, fullName(node), state) : null,
    }
  })
  const up = statuses.filter((status) => status.running)
  const formed =
    up.length > 0 &&
    up.every(
      (status) =>
        status.reachable &&
        up.every((other) => other === status || status.sees.includes(other.erlangName)),
    )
  const why =
    nodes.length === 0
      ? 'No node of this cluster is an Erlang node: none names itself with --name or --sname, or with an erlang: field.'
      : (state.unavailable ?? null)
  return {
    available: why === null,
    why,
    connect: state.connect,
    helper: state.helper,
    formed,
    epmd: state.epmd,
    nodes: statuses,
    at: now,
  }
}

/** Said of a connection refused over a cookie, by Erlang and by Elixir's logger. */
export const COOKIE_REFUSED =
  /Connection attempt from (?:disallowed node|node \S+ rejected\. Invalid challenge reply)/

/**
 * Why a running node cannot be reached. Registered with epmd, its distribution is up: the
 * helper's cookie was refused (its log says so when it logs). Not registered, it never
 * started distribution under the name its command gives.
 */
function whyUnreachable(
  node: ErlangNodeSpec,
  fullName: string,
  state: { epmd: ErlangMesh['epmd']; refusedInLog: (name: string) => boolean },
): { problem: string; fix: string } {
  const alive = aliveName(node.erlang.name)
  if (!state.epmd.names.some((entry) => entry.name === alive)) {
    return {
      problem: `${node.name} runs, but ${alive} is not registered with epmd: it started without distribution, or under another name.`,
      fix: `Start it with --name ${fullName} (or --sname) as the cluster file says; "epmd -names" lists what is registered.`,
    }
  }
  const logged = state.refusedInLog(node.name)
    ? ' Its log says the connection was refused for the cookie.'
    : ''
  return {
    problem: `${node.name} is registered with epmd but refuses Cluster Desk's hidden node: its cookie differs from the cluster's.${logged}`,
    fix: "Give it the cluster's cookie: --cookie on its command line, or the same RELEASE_COOKIE or ~/.erlang.cookie as the others.",
  }
}
