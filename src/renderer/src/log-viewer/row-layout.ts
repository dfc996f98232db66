import { stripAnsi } from '../../../shared/ansi'
import type { LogLine } from '../../../shared/domain/logs'

/**
 * Where each row of the log sits when long lines wrap. The font is monospaced, so a line's
 * height follows from its length: no row has to be drawn to be measured, and the viewer still
 * draws only what is visible. Heights are cached per line object and width.
 */
export class WrappedLayout {
  private readonly cache = new WeakMap<LogLine, { charsPerRow: number; rows: number }>()

  constructor(
    private readonly rowHeightPx: number,
    /** Characters a row shows before the text: timestamp, node, stream. */
    private readonly prefixChars: (line: LogLine & { node?: string }) => number,
  ) {}

  rowsOf(line: LogLine & { node?: string }, charsPerRow: number): number {
    const cached = this.cache.get(line)
    if (cached && cached.charsPerRow === charsPerRow) return cached.rows
    const length = this.prefixChars(line) + stripAnsi(line.text).length
    const rows = Math.max(1, Math.ceil(length / Math.max(1, charsPerRow)))
    this.cache.set(line, { charsPerRow, rows })
    return rows
  }

  /** offsets[i] is where line i starts; offsets[n] is the total height. */
  offsets(lines: Array<LogLine & { node?: string }>, charsPerRow: number): Float64Array {
    const offsets = new Float64Array(lines.length + 1)
    for (let i = 0; i < lines.length; i++) {
      offsets[i + 1] = offsets[i]! + this.rowsOf(lines[i]!, charsPerRow) * this.rowHeightPx
    }
    return offsets
  }
}

/** Index of the line covering vertical position `y`. */
export function lineAt(offsets: Float64Array, y: number): number {
  let low = 0
  let high = offsets.length - 2
  while (low < high) {
    const middle = (low + high + 1) >>> 1
    if (offsets[middle]! <= y) low = middle
    else high = middle - 1
  }
  return Math.max(0, low)
}
