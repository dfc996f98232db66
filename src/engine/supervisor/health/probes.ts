import { request } from 'node:http'
import type { ProbeResult } from '../../../shared/domain/node'
import { isPortOpen } from '../process/port-check'

export interface ProbeTarget {
  host: string
  port: number
  timeoutMs: number
}

/** Accepts TCP connections: the weakest sign of life. */
export async function probeTcp(target: ProbeTarget): Promise<ProbeResult> {
  const at = Date.now()
  const open = await isPortOpen(target.host, target.port, target.timeoutMs)
  const result: ProbeResult = { at, latencyMs: Date.now() - at, ok: open }
  if (!open) result.error = `nothing accepts connections on ${target.host}:${target.port}`
  return result
}

/**
 * GET the health path; ok when the status is the expected one (or any 2xx). The body is read
 * and thrown away so the connection closes cleanly; a slow answer fails at `timeoutMs`.
 */
export function probeHttp(
  target: ProbeTarget & { path: string; expectStatus?: number },
): Promise<ProbeResult> {
  const at = Date.now()
  const finish = (fields: Omit<ProbeResult, 'at' | 'latencyMs'>): ProbeResult => ({
    at,
    latencyMs: Date.now() - at,
    ...fields,
  })
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path: target.path,
        method: 'GET',
        agent: false,
        timeout: target.timeoutMs,
        headers: { 'user-agent': 'cluster-desk-health' },
      },
      (res) => {
        const status = res.statusCode ?? 0
        res.resume()
        res.once('end', () => {
          const ok =
            target.expectStatus === undefined
              ? status >= 200 && status < 300
              : status === target.expectStatus
          const expected = target.expectStatus ?? '2xx'
          resolve(
            finish(
              ok
                ? { ok, status }
                : { ok, status, error: `answered ${status}, expected ${expected}` },
            ),
          )
        })
        res.once('error', (error) => resolve(finish({ ok: false, status, error: error.message })))
      },
    )
    req.once('timeout', () => {
      req.destroy(new Error(`no answer within ${target.timeoutMs} ms`))
    })
    req.once('error', (error: NodeJS.ErrnoException) => {
      const message = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message
      resolve(finish({ ok: false, error: message }))
    })
    req.end()
  })
}
