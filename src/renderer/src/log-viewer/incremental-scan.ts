/**
 * Keeps the result of scanning a growing list (which lines pass the filters, where the search
 * matches) and, while the list only grows at its end, scans only what was appended. Following
 * a flood at 500,000 lines so costs each frame the new lines, not all of them. Anything else
 * (another list, a trimmed front, other criteria) scans again from the start.
 */
export class IncrementalScan<T, R> {
  private source: readonly T[] | undefined
  private first: T | undefined
  private scanned = 0
  private criteria: unknown
  private found: R[] = []

  constructor(private readonly test: (item: T, index: number) => R | undefined) {}

  /** What the scan found in `source`: the same array, grown, while only appends happened. */
  over(source: readonly T[], criteria: unknown): R[] {
    const appended =
      source === this.source &&
      source[0] === this.first &&
      source.length >= this.scanned &&
      Object.is(criteria, this.criteria)
    if (!appended) {
      this.found = []
      this.scanned = 0
      this.source = source
      this.first = source[0]
      this.criteria = criteria
    }
    for (let index = this.scanned; index < source.length; index++) {
      const result = this.test(source[index]!, index)
      if (result !== undefined) this.found.push(result)
    }
    this.scanned = source.length
    return this.found
  }
}
