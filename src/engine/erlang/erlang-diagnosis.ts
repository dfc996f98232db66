import { aliveName } from '../../shared/cluster/erlang-identity'
import type { Diagnosis, NodeSpec } from '../../shared/domain/node'
import type { PortOwner } from '../supervisor/process/port-owner'

/** epmd neither answered nor could be started: no Erlang node can register its name. */
export function epmdUnavailable(spec: NodeSpec, port: number, error: string): Diagnosis {
  return {
    code: 'epmd-unavailable',
    problem: `${spec.name} needs epmd, Erlang's name service, on port ${port}, and it does not answer: ${error}.`,
    fix:
      port === 4369
        ? 'Start it with "epmd -daemon", or check that nothing else holds port 4369.'
        : `Start it with "ERL_EPMD_PORT=${port} epmd -daemon", or unset ERL_EPMD_PORT to use 4369.`,
  }
}

/** The node's Erlang name is registered already: the start would fail as soon as it tried. */
export function erlangNameTaken(
  spec: NodeSpec,
  alive: string,
  owner: PortOwner | undefined,
): Diagnosis {
  return {
    code: 'erlang-name-in-use',
    problem: owner
      ? `The Erlang name ${alive} is already registered with epmd by pid ${owner.pid} (${owner.command}).`
      : `The Erlang name ${alive} is already registered with epmd by another node.`,
    fix: owner
      ? `Stop that node (kill ${owner.pid}), or give ${spec.name} another --name.`
      : `Stop the other node (see "epmd -names"), or give ${spec.name} another --name.`,
  }
}

const ERLANG_NAME_IN_USE = /the name (\S+) seems to be in use by another Erlang node/
const EPMD_REFUSED = /Protocol '?inet6?_tcp'?: register\/listen error: econnrefused/
const CANNOT_SET_NAME = /Can't set (short|long) node name/
const NO_DISTRIBUTION = /nodistribution/

/**
 * Why an Erlang node ended while starting, when its output says: its name taken, epmd
 * unreachable, a host in its name that does not resolve, or distribution that would not start.
 */
export function erlangStartFailure(
  spec: NodeSpec,
  output: string[],
  lastLines: string[],
): Diagnosis | undefined {
  const find = (pattern: RegExp) => output.map((line) => pattern.exec(line)).find(Boolean)
  const taken = find(ERLANG_NAME_IN_USE)
  if (taken) {
    return {
      code: 'erlang-name-in-use',
      problem: `The Erlang node name ${taken[1]} is already taken by another running node.`,
      fix: `Stop the other node (see "epmd -names"), or give ${spec.name} a different --name.`,
      lastLines,
    }
  }
  if (find(EPMD_REFUSED)) {
    return {
      code: 'epmd-unavailable',
      problem: `${spec.name} could not register with epmd, Erlang's name service: nothing answered.`,
      fix: 'Start epmd ("epmd -daemon"); if ERL_EPMD_PORT is set, check that epmd listens there.',
      lastLines,
    }
  }
  const name = find(CANNOT_SET_NAME)
  if (name) {
    const host = spec.erlang?.name.split('@')[1]
    return {
      code: 'erlang-distribution-failed',
      problem: `${spec.name} could not take its ${name[1]} node name ${spec.erlang ? aliveName(spec.erlang.name) : ''}${host ? `@${host}` : ''}: its host does not resolve, or does not suit ${name[1]} names.`,
      fix:
        name[1] === 'short'
          ? 'Use a host that resolves (check with "getent hosts HOST"), or --name NAME@127.0.0.1 for long names.'
          : 'Use a host with a dot or an address, such as --name NAME@127.0.0.1.',
      lastLines,
    }
  }
  if (find(NO_DISTRIBUTION)) {
    return {
      code: 'erlang-distribution-failed',
      problem: `Erlang distribution would not start on ${spec.name} (:nodistribution).`,
      fix: 'Check that epmd runs ("epmd -names") and that the host of its node name resolves.',
      lastLines,
    }
  }
  return undefined
}
