import type { ErlangIdentity } from '../domain/erlang'
import type { NodeSpec } from '../domain/node'
import { aliveName, erlangIdentityOf, hostOfName } from './erlang-identity'
import { type FieldReader, joinPath } from './field-reader'
import type { PartialNode } from './read-node-fields'
import { renderTemplate } from './templates'

/**
 * A node's Erlang identity: its `erlang:` field (templates rendered) where it says so, else
 * what its command line gives. Long or short names follow the flag, or `names:`, or the host:
 * one with a dot or a colon is long; no host, or one without, is short.
 */
export function resolveErlangIdentity(
  command: string,
  field: PartialNode['erlang'],
  values: Readonly<Record<string, string>>,
): ErlangIdentity | null {
  const fromCommand = erlangIdentityOf(command)
  const name = field?.name !== undefined ? renderTemplate(field.name, values) : fromCommand?.name
  if (!name) return null
  const cookie =
    field?.cookie !== undefined
      ? renderTemplate(field.cookie, values)
      : (fromCommand?.cookie ?? null)
  const host = hostOfName(name)
  const longNames = field?.names
    ? field.names === 'long'
    : field?.name === undefined && fromCommand
      ? fromCommand.longNames
      : host !== undefined && /[.:]/.test(host)
  return { name, longNames, cookie }
}

/**
 * What must hold for the Erlang nodes of one cluster to join: one kind of names, one name per
 * node, one cookie. Each problem names the node and says how to fix it. Returns whether
 * Cluster Desk connects them: `erlang.connect` if given, else yes for two or more.
 */
export function checkErlangNodes(
  reader: FieldReader,
  nodes: NodeSpec[],
  origins: string[],
  connect: boolean | undefined,
): boolean {
  const erlang = nodes.flatMap((node, i) =>
    node.erlang ? [{ node, identity: node.erlang, path: origins[i]! }] : [],
  )
  const first = erlang[0]
  const byAlive = new Map<string, string>()
  const cookie = erlang.find((entry) => entry.identity.cookie !== null)
  for (const { node, identity, path } of erlang) {
    const where = joinPath(path, 'command')
    if (first && identity.longNames !== first.identity.longNames) {
      const kind = (long: boolean) => (long ? 'long names (--name)' : 'short names (--sname)')
      reader.report(
        where,
        `${node.name} uses ${kind(identity.longNames)} and ${first.node.name} ${kind(first.identity.longNames)}: Erlang nodes with long and short names cannot connect`,
        'Use --name for every node of the cluster, or --sname for every node.',
      )
    }
    const alive = aliveName(identity.name)
    const other = byAlive.get(alive)
    if (other) {
      reader.report(
        where,
        `${node.name} and ${other} both use the Erlang name ${alive}: one machine registers each name once`,
        'Give every node its own Erlang name, such as --name {{name}}@{{host}}.',
      )
    }
    byAlive.set(alive, node.name)
    if (cookie && identity.cookie !== null && identity.cookie !== cookie.identity.cookie) {
      reader.report(
        where,
        `${node.name}'s cookie differs from ${cookie.node.name}'s: nodes with different cookies cannot connect`,
        'Use one cookie for the cluster, such as a variable: --cookie {{cookie}}.',
      )
    }
  }
  return connect ?? erlang.length >= 2
}

/** A health or readiness check by Erlang ping needs a node that has an Erlang name. */
export function checkErlangHealth(reader: FieldReader, node: NodeSpec, path: string): void {
  if (node.health.type !== 'erlang' || node.erlang) return
  reader.report(
    joinPath(path, 'health'),
    `an erlang health check needs an Erlang node, and ${node.name}'s command names none`,
    'Add --name or --sname to the command, set erlang: { name: … }, or choose another check.',
  )
}
