import { closestWord } from './closest-word'
import { MAX_DURATION_MS } from './defaults'
import { parseDurationMs } from './durations'
import type { ConfigProblem } from './problems'
import { formatBytes, parseSizeBytes } from './sizes'

export type RawObject = Record<string, unknown>

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent ? `${parent}.${key}` : key
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  if (typeof value === 'object') return 'a mapping'
  return String(value)
}

/**
 * Reads untrusted values field by field and records every problem instead of stopping at the
 * first, so a cluster file is fixed in one pass. Each read returns undefined when the value is
 * absent or wrong; the problem is already recorded with its path.
 */
export class FieldReader {
  readonly problems: ConfigProblem[] = []

  report(path: string, message: string, fix: string): void {
    this.problems.push({ path, message, fix })
  }

  object(value: unknown, path: string, example: string): RawObject | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as RawObject
    }
    this.report(path, `must be a mapping, got ${describeValue(value)}`, `Write it as ${example}.`)
    return undefined
  }

  /** Flags every key not in `known`, suggesting the closest known one. */
  onlyKnownKeys(object: RawObject, path: string, known: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (known.includes(key)) continue
      const suggestion = closestWord(key, known)
      this.report(
        joinPath(path, key),
        `unknown field "${key}"`,
        suggestion
          ? `Did you mean "${suggestion}"? Rename it, or remove the field.`
          : `Remove it; the known fields here are: ${known.join(', ')}.`,
      )
    }
  }

  string(value: unknown, path: string, fix: string): string | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'string' && value.trim() !== '') return value
    this.report(path, `must be a non-empty text, got ${describeValue(value)}`, fix)
    return undefined
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'boolean') return value
    this.report(path, `must be true or false, got ${describeValue(value)}`, 'Write true or false.')
    return undefined
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value
    }
    const fix = `Use a whole number from ${min} to ${max}.`
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.report(path, `must be a whole number, got ${describeValue(value)}`, fix)
    } else {
      this.report(path, `must be from ${min} to ${max}, got ${value}`, fix)
    }
    return undefined
  }

  /** A duration in ms (number) or with a unit ("500ms", "5s", "1m"); zero only if allowed. */
  duration(value: unknown, path: string, allowZero = false): number | undefined {
    if (value === undefined) return undefined
    const ms = parseDurationMs(value)
    const fix = `Use a ${allowZero ? 'duration of 0 or more' : 'positive duration'} such as 1000, "500ms" or "5s".`
    if (ms === undefined) {
      this.report(path, `must be a duration, got ${describeValue(value)}`, fix)
      return undefined
    }
    if (Number.isNaN(ms) || ms < 0 || (!allowZero && ms === 0)) {
      this.report(
        path,
        `must be ${allowZero ? 'zero or more' : 'greater than zero'}, got ${describeValue(value)}`,
        fix,
      )
      return undefined
    }
    if (ms > MAX_DURATION_MS) {
      this.report(
        path,
        `${describeValue(value)} is longer than 24 days, more than a timer can wait`,
        'Use a duration of 24 days ("34560m") or less.',
      )
      return undefined
    }
    return Math.round(ms)
  }

  /** A size in bytes (number) or with a unit ("512KiB", "4MiB"), within [min, max]. */
  size(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined
    const bytes = parseSizeBytes(value)
    const fix = `Use a size from ${formatBytes(min)} to ${formatBytes(max)}, such as "4MiB".`
    if (bytes === undefined) {
      this.report(path, `must be a size, got ${describeValue(value)}`, fix)
      return undefined
    }
    if (bytes < min || bytes > max) {
      this.report(
        path,
        `must be from ${formatBytes(min)} to ${formatBytes(max)}, got ${describeValue(value)}`,
        fix,
      )
      return undefined
    }
    return bytes
  }

  oneOf<T extends string>(
    value: unknown,
    path: string,
    choices: readonly T[],
    normalise: (raw: string) => string = (raw) => raw,
  ): T | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'string') {
      const normalised = normalise(value)
      const found = choices.find((choice) => choice === normalised)
      if (found) return found
    }
    const suggestion = typeof value === 'string' ? closestWord(value, choices) : undefined
    this.report(
      path,
      `must be one of ${choices.join(', ')}; got ${describeValue(value)}`,
      suggestion ? `Did you mean "${suggestion}"?` : `Use one of: ${choices.join(', ')}.`,
    )
    return undefined
  }

  /** A list of non-empty texts; one text alone stands for a list of one. */
  stringList(value: unknown, path: string, fix: string): string[] | undefined {
    if (value === undefined) return undefined
    if (typeof value === 'string') {
      const one = this.string(value, path, fix)
      return one === undefined ? undefined : [one]
    }
    if (!Array.isArray(value)) {
      this.report(path, `must be a text or a list of texts, got ${describeValue(value)}`, fix)
      return undefined
    }
    const texts = value.map((entry, i) => this.string(entry, joinPath(path, i), fix))
    return texts.every((text) => text !== undefined) ? (texts as string[]) : undefined
  }

  /** A mapping of names to texts; numbers and booleans are accepted and written as text. */
  stringMap(value: unknown, path: string, keyPattern: RegExp, keyFix: string) {
    const object = this.object(value, path, '{ KEY: "value" }')
    if (!object) return undefined
    const result: Record<string, string> = {}
    for (const [key, entry] of Object.entries(object)) {
      const entryPath = joinPath(path, key)
      if (!keyPattern.test(key)) {
        this.report(entryPath, `"${key}" is not a valid name`, keyFix)
        continue
      }
      if (typeof entry === 'string') result[key] = entry
      else if (typeof entry === 'number' || typeof entry === 'boolean') result[key] = String(entry)
      else this.report(entryPath, `must be a text, got ${describeValue(entry)}`, 'Quote the value.')
    }
    return result
  }
}
