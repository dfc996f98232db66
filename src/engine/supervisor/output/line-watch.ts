import type { NodeOutput } from './node-output'

/**
 * Resolves true at the first stdout or stderr line after `afterSeq` that matches `pattern`,
 * looking at lines already held first and then at each chunk as it arrives; false once
 * `signal` aborts. Costs nothing once it has resolved.
 */
export function waitForLine(
  output: NodeOutput,
  pattern: RegExp,
  afterSeq: number,
  signal: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = afterSeq
    const finish = (found: boolean) => {
      stopListening()
      signal.removeEventListener('abort', aborted)
      resolve(found)
    }
    const aborted = () => finish(false)
    const look = () => {
      const page = output.read({ afterSeq: seen, streams: ['stdout', 'stderr'], from: 'oldest' })
      for (const line of page.lines) {
        if (pattern.test(line.text)) return finish(true)
        seen = line.seq
      }
      seen = Math.max(seen, page.nextSeq - 1)
    }
    const stopListening = output.onAppend((stream) => {
      if (stream !== 'system') look()
    })
    if (signal.aborted) return finish(false)
    signal.addEventListener('abort', aborted, { once: true })
    look()
  })
}
