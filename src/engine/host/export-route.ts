import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { exportRequestSchema } from '../../shared/ipc/schemas'
import type { ClusterService } from '../service/cluster-service'
import { UnknownNodeError } from '../supervisor/cluster-manager'
import type { Refusal } from './host-access'

/** The request an export URL's query names: ?node=…&format=text|jsonl&ansi=keep|strip. */
export function exportRequestOf(query: URLSearchParams) {
  const fields = Object.fromEntries(query)
  return exportRequestSchema.safeParse({
    format: 'text',
    ansi: 'strip',
    ...fields,
  })
}

/**
 * GET /api/export: a node's log, or every node's merged by time, streamed as a file download
 * in pieces, waiting for the client to take each one. Its name and line count travel in
 * headers. This is how a browser and the CLI export: nothing is built as one string.
 */
export async function serveExport(
  service: ClusterService,
  query: URLSearchParams,
  response: ServerResponse,
  refuse: (refusal: Refusal & { nodes?: string[] }) => void,
): Promise<void> {
  const request = exportRequestOf(query)
  if (!request.success) {
    return refuse({
      status: 400,
      message: `export refused: ${request.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      fix: 'Use ?node=NAME&format=text|jsonl&ansi=keep|strip (no node: every node).',
    })
  }
  let rendered: ReturnType<ClusterService['renderExport']>
  try {
    rendered = service.renderExport(request.data)
  } catch (error) {
    if (!(error instanceof UnknownNodeError)) throw error
    return refuse({
      status: 404,
      message: error.message,
      fix: `Use one of: ${error.known.join(', ')}.`,
      nodes: error.known,
    })
  }
  response.writeHead(200, {
    'content-type': `${request.data.format === 'jsonl' ? 'application/jsonl' : 'text/plain'}; charset=utf-8`,
    'content-disposition': `attachment; filename="${rendered.fileName}"`,
    'x-export-file-name': rendered.fileName,
    'x-export-lines': String(rendered.lines),
    'cache-control': 'no-store',
  })
  for (const chunk of rendered.chunks()) {
    if (response.destroyed) return
    if (!response.write(chunk))
      await Promise.race([once(response, 'drain'), once(response, 'close')])
  }
  response.end()
}
