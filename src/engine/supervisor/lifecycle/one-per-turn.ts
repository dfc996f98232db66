/**
 * Hands out turns of the event loop, one caller per turn. Node spawns synchronously (a fork
 * costs milliseconds in a process of this size), so fifty restarts due at the same moment
 * would otherwise run back to back and hold every command, output read and health probe
 * until the last one. Taking turns lets the engine answer between spawns.
 */
export class OnePerTurn {
  private readonly waiting: Array<() => void> = []
  private scheduled = false

  /** Resolves in an event-loop turn of its own, after the callers that asked before. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(this.next)
      }
    })
  }

  private readonly next = () => {
    // The caller's continuation runs as a microtask right after this, still in this turn.
    this.waiting.shift()?.()
    if (this.waiting.length > 0) setImmediate(this.next)
    else this.scheduled = false
  }
}
