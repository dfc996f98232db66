/**
 * When to look at the mesh: soon after each change (changes close together share one look),
 * every `everyMs` while `periodic` is on, and never two looks at once: a look asked for
 * during one is taken right after it.
 */
export class Looks {
  private soonTimer: NodeJS.Timeout | undefined
  private interval: NodeJS.Timeout | undefined
  private current: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor(
    private readonly look: () => Promise<void>,
    private readonly soonMs: number,
    private readonly everyMs: number,
  ) {}

  soon(): void {
    if (this.stopped) return
    this.soonTimer ??= setTimeout(() => {
      this.soonTimer = undefined
      void this.now()
    }, this.soonMs)
  }

  /** A look now, or the one under way (and another right after it). */
  now(): Promise<void> {
    if (this.current) {
      this.again = true
      return this.current
    }
    this.current = this.look().finally(() => {
      this.current = undefined
      if (this.again) {
        this.again = false
        this.soon()
      }
    })
    return this.current
  }

  set periodic(on: boolean) {
    if (on && !this.interval && !this.stopped) {
      this.interval = setInterval(() => this.soon(), this.everyMs)
      this.interval.unref()
    } else if (!on && this.interval) {
      clearInterval(this.interval)
      this.interval = undefined
    }
  }

  stop(): void {
    this.stopped = true
    this.periodic = false
    clearTimeout(this.soonTimer)
  }
}
