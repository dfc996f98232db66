import { existsSync, readFileSync, renameSync } from 'node:fs'
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  type Settings,
  settingsSchema,
} from './settings-schema'

/** The part of conf / electron-store the app uses; both fit. */
export interface KeyValueStore {
  readonly path: string
  readonly store: Record<string, unknown>
  set(values: Record<string, unknown>): void
}

export interface SettingsStore {
  get(): Settings
  update(change: Partial<Settings>): void
  /** Set when the file on disk could not be used: what happened and where the old one went. */
  readonly problem: string | undefined
}

/** Why the settings file at `path` cannot be used, or undefined when it can (or is absent). */
function checkSettingsFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return text.trim() === '' ? 'is empty' : 'is not valid JSON (cut short or edited by hand?)'
  }
  const version = (raw as { version?: unknown })?.version
  if (typeof version === 'number' && version > SETTINGS_VERSION) {
    return `was written by a newer Cluster Desk (settings version ${version}; this one reads ${SETTINGS_VERSION})`
  }
  const parsed = settingsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return `has a wrong value at ${issue?.path.join('.') || 'the top'} (${issue?.message ?? 'invalid'})`
  }
  return undefined
}

/**
 * Settings behind a small interface: electron-store in the app, conf in tests (the same engine).
 * The file is checked before it is opened; one that cannot be used is moved aside beside
 * itself (never wiped), defaults are used, and `problem` says what happened so the user is
 * told. Writes go through conf, which writes a temporary file and renames it.
 */
export function openSettings(
  path: string,
  open: (defaults: Settings) => KeyValueStore,
  now: () => Date = () => new Date(),
): SettingsStore {
  const reason = checkSettingsFile(path)
  let problem: string | undefined
  if (reason) {
    const backup = `${path}.broken-${now().toISOString().replace(/[:.]/g, '-')}`
    renameSync(path, backup)
    problem = `The settings file ${path} ${reason}. It was kept as ${backup}, and defaults are used.`
  }
  const store = open(DEFAULT_SETTINGS)
  return {
    problem,
    get: () => settingsSchema.parse({ ...DEFAULT_SETTINGS, ...store.store }),
    update: (change) =>
      store.set(settingsSchema.parse({ ...DEFAULT_SETTINGS, ...store.store, ...change })),
  }
}
