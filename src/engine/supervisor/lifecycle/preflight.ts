import { statSync } from 'node:fs'
import type { Diagnosis, NodeSpec } from '../../../shared/domain/node'
import { isPortOpen } from '../process/port-check'
import type { PortOwner } from '../process/port-owner'
import * as diagnose from './diagnosis'
import type { ErlangHooks } from './node-dependencies'

/** Problems that make a start pointless, found before spawning anything. */
export async function preflight(
  spec: NodeSpec,
  findPortOwner: (port: number) => PortOwner | undefined,
  erlang: ErlangHooks | undefined,
): Promise<Diagnosis | undefined> {
  // A stat of a local folder takes microseconds; doing it inline keeps restarts quick.
  const folder = statSync(spec.cwd, { throwIfNoEntry: false })
  if (!folder) return diagnose.cwdMissing(spec, 'missing')
  if (!folder.isDirectory()) return diagnose.cwdMissing(spec, 'not-a-folder')
  if (spec.port !== null && (await isPortOpen(spec.host, spec.port, 500))) {
    return diagnose.portInUse(spec, findPortOwner(spec.port))
  }
  if (spec.erlang && erlang) return erlang.preflight(spec)
  return undefined
}
