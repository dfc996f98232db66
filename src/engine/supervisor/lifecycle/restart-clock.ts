/** A node's one pending restart: when it is due, and the timer that will start it. */
export class RestartClock {
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
  /** When the pending restart is due, or null when none is pending. */
  dueAt: number | null = null

  /** Runs `restart` `delayMs` after `from` (one clock reading for the state and the timer). */
  schedule(from: number, delayMs: number, restart: () => void): void {
    this.cancel()
    this.dueAt = from + delayMs
    // setTimeout(…, 0) waits a whole millisecond; a zero backoff restarts on the next turn.
    if (delayMs === 0) this.immediate = setImmediate(restart)
    else this.timer = setTimeout(restart, delayMs)
  }

  cancel(): void {
    clearTimeout(this.timer)
    clearImmediate(this.immediate)
    this.dueAt = null
  }
}
