import { statSync } from 'node:fs'
import type { Diagnosis, NodeSpec } from '../../../shared/domain/node'
import { isPortOpen } from '../process/port-check'
import type { PortOwner } from '../process/port-owner'
import * as diagnose from './diagnosis'
import { readEnvFiles } from './env-files'
import type { ErlangHooks } from './node-dependencies'

/**
 * Problems that make a start pointless, found before spawning anything; else the variables of
 * the node's env files, for its environment.
 */
export async function preflight(
  spec: NodeSpec,
  findPortOwner: (port: number) => PortOwner | undefined,
  erlang: ErlangHooks | undefined,
): Promise<{ ok: true; fileEnv: Record<string, string> } | { ok: false; problem: Diagnosis }> {
  // A stat of a local folder takes microseconds; doing it inline keeps restarts quick.
  const folder = statSync(spec.cwd, { throwIfNoEntry: false })
  if (!folder) return { ok: false, problem: diagnose.cwdMissing(spec, 'missing') }
  if (!folder.isDirectory())
    return { ok: false, problem: diagnose.cwdMissing(spec, 'not-a-folder') }
  const files = readEnvFiles(spec)
  if (!files.ok) return { ok: false, problem: files.diagnosis }
  if (spec.port !== null && (await isPortOpen(spec.host, spec.port, 500))) {
    return { ok: false, problem: diagnose.portInUse(spec, findPortOwner(spec.port)) }
  }
  const erlangProblem = spec.erlang && erlang ? await erlang.preflight(spec) : undefined
  return erlangProblem ? { ok: false, problem: erlangProblem } : { ok: true, fileEnv: files.env }
}
