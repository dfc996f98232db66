import { DEPENDENCY_CONDITIONS, type DependencyCondition } from '../domain/node'
import { NODE_NAME_PATTERN } from './defaults'
import { type FieldReader, joinPath } from './field-reader'

/** A dependency as written: a node's or a replica group's name, and the condition. */
export interface WrittenDependency {
  name: string
  condition: DependencyCondition
  path: string
}

/**
 * `dependsOn`: a mapping of names to conditions (`{ db: healthy, migrate: completed }`), or a
 * list of names, each meaning `healthy`.
 */
export function readDependsOn(
  reader: FieldReader,
  value: unknown,
  path: string,
): WrittenDependency[] | undefined {
  if (value === undefined) return undefined
  const fix =
    'Name nodes, such as dependsOn: [db] or dependsOn: { db: healthy, migrate: completed }.'
  const written: Array<[string, unknown, string]> = Array.isArray(value)
    ? value.map((name, i) => [name as string, 'healthy', joinPath(path, i)])
    : Object.entries(reader.object(value, path, '{ db: healthy, migrate: completed }') ?? {}).map(
        ([name, condition]) => [name, condition, joinPath(path, name)],
      )
  const found: WrittenDependency[] = []
  for (const [name, rawCondition, at] of written) {
    if (typeof name !== 'string' || !NODE_NAME_PATTERN.test(name)) {
      reader.report(at, `must name a node, got ${JSON.stringify(name)}`, fix)
      continue
    }
    const condition = reader.oneOf(rawCondition, at, DEPENDENCY_CONDITIONS)
    if (condition) found.push({ name, condition, path: at })
  }
  return found
}

/** `watch`: paths (relative to the node's folder) whose changes restart the node. */
export function readWatch(reader: FieldReader, value: unknown, path: string) {
  if (value === undefined) return undefined
  const pathsFix =
    'List folders or files relative to the node, such as watch: { paths: [lib, config] }.'
  if (typeof value === 'string' || Array.isArray(value)) {
    const paths = reader.stringList(value, path, pathsFix)
    return paths && { paths }
  }
  const raw = reader.object(value, path, '{ paths: [lib], ignore: ["**/*.log"], debounce: 500ms }')
  if (!raw) return undefined
  reader.onlyKnownKeys(raw, path, ['paths', 'ignore', 'debounce'])
  const paths = reader.stringList(raw.paths, joinPath(path, 'paths'), pathsFix)
  if (raw.paths === undefined) reader.report(joinPath(path, 'paths'), 'is missing', pathsFix)
  return {
    paths,
    ignore: reader.stringList(
      raw.ignore,
      joinPath(path, 'ignore'),
      'List glob patterns, such as ignore: ["**/*.log", "_build/**"].',
    ),
    debounceMs: reader.duration(raw.debounce, joinPath(path, 'debounce'), true),
  }
}

/** The longest readiness log line pattern: a regular expression, not a log. */
const MAX_PATTERN_LENGTH = 500

/** `readiness.logLine`: a regular expression that compiles. */
export function readLogLinePattern(
  reader: FieldReader,
  value: unknown,
  path: string,
): string | undefined {
  const fix =
    'Write a regular expression a line of its output matches, such as "Running .* with Cowboy".'
  const pattern = reader.string(value, path, fix)
  if (pattern === undefined) return undefined
  if (pattern.length > MAX_PATTERN_LENGTH) {
    reader.report(path, `is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH}`, fix)
    return undefined
  }
  try {
    new RegExp(pattern)
  } catch (error) {
    reader.report(path, `is not a regular expression: ${(error as Error).message}`, fix)
    return undefined
  }
  return pattern
}
