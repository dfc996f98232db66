import type { ExportedLog, ExportRequest } from '../../shared/ipc/contract'
import { fail } from '../../shared/ipc/result'
import type { ClusterManager } from '../supervisor/cluster-manager'
import { envFileVariables } from '../supervisor/lifecycle/env-files'
import { CommandError } from './command-error'
import { type RenderedExport, renderExport } from './export-log'

/** The export a request asks for, of the cluster loaded now, ready to be written in pieces. */
export function renderClusterExport(
  manager: ClusterManager,
  { node, format, ansi }: ExportRequest,
): RenderedExport {
  const chosen = node === undefined ? manager.nodes() : [manager.node(node)]
  return renderExport({
    cluster: manager.name,
    format,
    ansi,
    nodes: chosen.map((n) => ({
      spec: n.spec,
      snapshot: n.snapshot(),
      lines: n.output.linesHeld(),
      count: n.output.size,
      fileEnv: envFileVariables(n.spec),
    })),
  })
}

/**
 * cd:logs:export: saved where the user chooses, by a transport that can ask (the desktop
 * app's save dialog). Others download exports over HTTP instead.
 */
export async function saveExport(
  rendered: RenderedExport,
  saveWith: ((rendered: RenderedExport) => Promise<string | null>) | undefined,
): Promise<ExportedLog> {
  if (!saveWith) {
    throw new CommandError(
      fail(
        'not-available',
        'This connection cannot save files: exports are downloaded from /api/export.',
        'GET /api/export?node=…&format=…&ansi=… with the token as a bearer header, as "cluster-desk export" and the web page do.',
      ),
    )
  }
  const savedTo = await saveWith(rendered)
  const { fileName, lines } = rendered
  return savedTo === null
    ? { fileName, lines, outcome: 'cancelled' }
    : { fileName, lines, outcome: 'saved', savedTo }
}
