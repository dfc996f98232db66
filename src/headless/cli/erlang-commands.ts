import { spawn } from 'node:child_process'
import { hostOfName } from '../../shared/cluster/erlang-identity'
import { formatBytes } from '../../shared/cluster/sizes'
import type { ErlangMesh, RemoteShellTarget } from '../../shared/domain/erlang'
import type { ClusterApi } from '../../shared/ipc/contract'
import { valueOrExit } from './client-commands'
import { colour, EXIT, outsideText, table } from './terminal'

/** `mesh --json`: the shape scripts read, and nothing else. */
export function meshJson(mesh: ErlangMesh) {
  return {
    formed: mesh.formed,
    epmd: { port: mesh.epmd.port, names: mesh.epmd.names },
    nodes: mesh.nodes.map((node) => ({
      name: node.name,
      erlangName: node.erlangName,
      reachable: node.reachable,
      sees: node.sees,
      partitioned: node.partitioned,
      otpRelease: node.otpRelease,
      processes: node.processes,
      memoryBytes: node.memoryBytes,
    })),
  }
}

/** Who sees whom: a row per node, a mark where it sees the node of the column. */
function matrix(mesh: ErlangMesh): string {
  const running = mesh.nodes.filter((node) => node.running)
  const rows = running.map((row) => [
    colour.bold(row.name),
    ...running.map((column) => {
      if (column === row) return colour.dim('-')
      if (!row.reachable) return colour.dim('?')
      return row.sees.includes(column.erlangName) ? colour.green('sees') : colour.red('no')
    }),
  ])
  return table([['', ...running.map((node) => node.name)], ...rows])
}

/** `mesh`: the matrix, each node's VM, epmd's names, and what is wrong, in words. */
export async function mesh(api: ClusterApi, json: boolean): Promise<number> {
  const found = valueOrExit(await api.erlangMesh())
  if (json) {
    console.log(JSON.stringify(meshJson(found), null, 2))
    return found.formed ? EXIT.ok : EXIT.failed
  }
  if (!found.available) {
    console.log(found.why ?? 'Nothing is known of the Erlang nodes yet.')
    return EXIT.failed
  }
  const running = found.nodes.filter((node) => node.running)
  console.log(
    found.formed
      ? colour.green(`formed: each of ${running.length} running Erlang nodes sees every other`)
      : colour.yellow(`not formed: ${running.length} of ${found.nodes.length} Erlang nodes run`),
  )
  if (running.length > 0) console.log(`\n${matrix(found)}\n`)
  const figures = found.nodes.map((node) => [
    colour.bold(node.name),
    node.erlangName,
    node.partitioned ? colour.red('partitioned') : node.running ? 'running' : colour.dim('stopped'),
    node.otpRelease ?? '-',
    node.processes === null ? '-' : String(node.processes),
    node.memoryBytes === null ? '-' : formatBytes(node.memoryBytes),
  ])
  console.log(table([['NODE', 'ERLANG NAME', 'STATE', 'OTP', 'PROCESSES', 'MEMORY'], ...figures]))
  const names = found.epmd.names.map((entry) => `${entry.name} ${entry.port}`).join(', ')
  console.log(
    colour.dim(
      `\nepmd on port ${found.epmd.port}: ${found.epmd.running ? names || 'no names' : (found.epmd.error ?? 'not running')}`,
    ),
  )
  for (const node of found.nodes) {
    if (node.problem) {
      console.log(`${colour.red(`${node.name}:`)} ${outsideText(node.problem.problem)}`)
      console.log(`  ${colour.bold('fix:')} ${outsideText(node.problem.fix)}`)
    }
    if (node.partitioned) console.log(`${node.name} is cut off: cluster-desk heal ${node.name}`)
  }
  return found.formed ? EXIT.ok : EXIT.failed
}

/** `partition NODE` / `heal [NODE]`: the mesh once the change has settled. */
export async function partitionOrHeal(
  api: ClusterApi,
  verb: 'partition' | 'heal',
  node: string | undefined,
): Promise<number> {
  const after = valueOrExit(
    await (verb === 'partition' ? api.partitionNode(node!) : api.healNode(node)),
  )
  const who = node ?? 'every partitioned node'
  console.log(
    verb === 'partition'
      ? `${who} is cut off from the other nodes; "cluster-desk heal ${who}" joins it again.`
      : `${who} joined again; the cluster is ${after.formed ? 'formed' : 'not formed yet'}.`,
  )
  console.log(`\n${matrix(after)}`)
  return EXIT.ok
}

/**
 * How a remote shell on `target` is started: `iex --remsh` (or `erl -remsh` without Elixir),
 * under a fresh name on the target's host, hidden so it never joins the cluster. The cookie
 * travels in ERL_FLAGS, never on a command line others can read in ps.
 */
export function remoteShellCommand(target: RemoteShellTarget, elixir: boolean) {
  const host = hostOfName(target.erlangName)
  const alive = `remsh_${process.pid}_${Math.floor(Math.random() * 1e6)}`
  const name = target.longNames && host ? `${alive}@${host}` : alive
  const flags = ['-hidden', ...(target.cookie === null ? [] : ['-setcookie', target.cookie])]
  const env = {
    ...process.env,
    ERL_FLAGS: [process.env.ERL_FLAGS, ...flags].filter(Boolean).join(' '),
  }
  return elixir
    ? {
        file: 'iex',
        args: [target.longNames ? '--name' : '--sname', name, '--remsh', target.erlangName],
        env,
      }
    : {
        file: 'erl',
        args: [target.longNames ? '-name' : '-sname', name, '-remsh', target.erlangName],
        env,
      }
}

/** `remsh NODE`: a shell on the node, attached to this terminal, until the user leaves it. */
export async function remoteShell(api: ClusterApi, node: string): Promise<number> {
  const target = valueOrExit(await api.remoteShell(node))
  for (const elixir of [true, false]) {
    const { file, args, env } = remoteShellCommand(target, elixir)
    const code = await new Promise<number | 'missing'>((resolve) => {
      const child = spawn(file, args, { stdio: 'inherit', env })
      child.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ENOENT' ? 'missing' : EXIT.failed),
      )
      child.once('exit', (exitCode) => resolve(exitCode ?? EXIT.failed))
    })
    if (code !== 'missing') return code
  }
  console.error(colour.red('Neither iex nor erl is on PATH.'))
  console.error('  fix: install Erlang (apt-get install erlang, or elixir), then try again.')
  return EXIT.failed
}
