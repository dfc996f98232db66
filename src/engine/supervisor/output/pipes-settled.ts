import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'

/**
 * After a node's main process exits, waits until its pipes close or fall quiet. A fixed wait
 * loses the tail of the output when the engine is busy: the timer fires before the data that is
 * already waiting gets read, and that tail is what says why the node died. So the wait ends
 * only after a whole quiet period without a byte, judged after the event loop has taken in
 * what was waiting. Pipes a leftover grandchild keeps open and busy are cut off at `maxMs`.
 */
export async function pipesSettled(
  closed: Promise<unknown>,
  bytesRead: () => number,
  { quietMs, maxMs }: { quietMs: number; maxMs: number },
): Promise<void> {
  let isClosed = false
  void closed.then(() => {
    isClosed = true
  })
  const deadline = Date.now() + maxMs
  let seen = bytesRead()
  while (Date.now() < deadline) {
    await Promise.race([closed, sleep(quietMs)])
    // The poll phase runs before this resumes, so whatever the pipes held has been read.
    await nextTurn()
    if (isClosed || bytesRead() === seen) return
    seen = bytesRead()
  }
}
