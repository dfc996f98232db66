import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const IMPORT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g
const NODE_BUILTINS = new Set(builtinModules)

interface ImportFact {
  file: string
  specifier: string
}

/** Every module a source file imports, with relative specifiers resolved to repo paths. */
function importsOf(file: string, text: string): ImportFact[] {
  return [...text.matchAll(IMPORT_PATTERN)].map((match) => {
    const raw = match[1] ?? match[2] ?? match[3] ?? ''
    const specifier = raw.startsWith('.')
      ? relative(ROOT, resolve(dirname(join(ROOT, file)), raw))
      : raw
    return { file, specifier }
  })
}

const isNode = (s: string) => s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0] ?? s)
const isElectron = (s: string) =>
  s === 'electron' || s.startsWith('electron/') || s === 'electron-store'

/**
 * Design §2 as a table: which folders each layer may import, and whether it may use Node's
 * modules or Electron. The arrows point one way: main → engine ← headless, engine → shared,
 * renderer → shared ← preload; nothing imports main, headless or the renderer.
 */
const LAYERS: Record<string, { may: string[]; node: boolean; electron: boolean }> = {
  'src/shared': { may: ['src/shared'], node: false, electron: false },
  'src/engine': { may: ['src/engine', 'src/shared'], node: true, electron: false },
  'src/headless': {
    may: ['src/headless', 'src/engine', 'src/shared'],
    node: true,
    electron: false,
  },
  'src/main': { may: ['src/main', 'src/engine', 'src/shared'], node: true, electron: true },
  'src/preload': { may: ['src/preload', 'src/shared'], node: false, electron: true },
  'src/renderer': { may: ['src/renderer', 'src/shared'], node: false, electron: false },
}
const layerOf = (path: string) =>
  Object.keys(LAYERS).find((layer) => path === layer || path.startsWith(`${layer}/`))

/** Each broken rule names the file, the import and what its layer may use instead. */
function layeringViolations(facts: ImportFact[]): string[] {
  const problems: string[] = []
  for (const { file, specifier } of facts) {
    const layer = layerOf(file)
    if (!layer) continue
    const rules = LAYERS[layer]!
    const allowed = `${layer} may import ${rules.may.join(', ')}`
    if (isElectron(specifier) && !rules.electron) {
      problems.push(`${file} imports ${specifier}: ${layer} runs without Electron (${allowed})`)
    } else if (isNode(specifier) && !rules.node) {
      problems.push(`${file} imports ${specifier}: ${layer} has no Node (${allowed})`)
    } else if (specifier.startsWith('src/')) {
      const target = layerOf(specifier)
      if (target && !rules.may.includes(target)) {
        problems.push(`${file} imports ${specifier}: ${allowed}, never ${target}`)
      }
    }
  }
  return problems
}

/** Files that do `what` outside the one place allowed to. */
function callsOutside(
  files: Array<{ file: string; text: string }>,
  call: RegExp,
  allowed: (file: string) => boolean,
): string[] {
  return files.filter(({ file, text }) => !allowed(file) && call.test(text)).map((f) => f.file)
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
}

/** Every package the code reachable from `entry` imports, through relative imports. */
function packagesReachableFrom(entry: string): Set<string> {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const { specifier } of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
      if (!specifier.startsWith('src/')) {
        packages.add(specifier)
        continue
      }
      const found = ['.ts', '.tsx', '/index.ts', ''].map((ext) => specifier + ext)
      const next = found.find((path) => existsSync(join(ROOT, path)) && /\.tsx?$/.test(path))
      if (next) visit(next)
    }
  }
  visit(entry)
  return packages
}

describe('layering', () => {
  const files = sourceFiles('src').map((file) => ({
    file,
    text: readFileSync(join(ROOT, file), 'utf8'),
  }))
  const facts = files.flatMap(({ file, text }) => importsOf(file, text))

  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(20)
    expect(facts).toContainEqual({ file: 'src/main/index.ts', specifier: 'electron' })
  })

  it('keeps every arrow pointing one way', () => {
    expect(layeringViolations(facts)).toEqual([])
  })

  it('lets only the preload use contextBridge and ipcRenderer', () => {
    const preload = (file: string) => file.startsWith('src/preload/')
    expect(callsOutside(files, /\bcontextBridge\b/, preload)).toEqual([])
    expect(callsOutside(files, /\bipcRenderer\b/, preload)).toEqual([])
  })

  it('lets only src/main/ipc call ipcMain, and only the push module send to a window', () => {
    const ipc = (file: string) => file.startsWith('src/main/ipc/')
    expect(callsOutside(files, /\bipcMain\.\w+\(/, ipc)).toEqual([])
    expect(
      callsOutside(files, /webContents\.send\(/, (file) => file === 'src/main/ipc/push.ts'),
    ).toEqual([])
  })

  it('keeps every engine file to one job of at most 350 lines', () => {
    const long = files
      .filter(({ file }) => file.startsWith('src/engine/'))
      .map(({ file, text }) => ({ file, lines: text.split('\n').length }))
      .filter(({ lines }) => lines > 350)
    expect(long).toEqual([])
  })

  it('ships the renderer without zod or yaml: the engine validates and parses for it', () => {
    const packages = packagesReachableFrom('src/renderer/src/main.tsx')
    expect(packages.has('react')).toBe(true)
    expect([...packages].filter((name) => ['zod', 'yaml'].includes(name.split('/')[0]!))).toEqual(
      [],
    )
  })

  it('catches each kind of violation', () => {
    const bad: ImportFact[] = [
      { file: 'src/engine/supervisor/x.ts', specifier: 'electron' },
      { file: 'src/engine/x.ts', specifier: 'src/main/settings/settings-store' },
      { file: 'src/engine/x.ts', specifier: 'src/headless/cli/main' },
      { file: 'src/engine/x.ts', specifier: 'src/renderer/src/app' },
      { file: 'src/shared/y.ts', specifier: 'electron' },
      { file: 'src/shared/y.ts', specifier: 'node:fs' },
      { file: 'src/shared/y.ts', specifier: 'src/engine/files/private-folder' },
      { file: 'src/renderer/src/z.tsx', specifier: 'fs' },
      { file: 'src/renderer/src/z.tsx', specifier: 'src/engine/supervisor/cluster-manager' },
      { file: 'src/renderer/src/z.tsx', specifier: 'electron' },
      { file: 'src/headless/cli/w.ts', specifier: 'src/main/index' },
      { file: 'src/main/index.ts', specifier: 'src/headless/cli/serve' },
    ]
    expect(layeringViolations(bad)).toHaveLength(bad.length)
    expect(importsOf('src/renderer/src/a.tsx', "import { x } from '../../main/index'")).toEqual([
      { file: 'src/renderer/src/a.tsx', specifier: 'src/main/index' },
    ])
    const calls = [
      { file: 'src/main/index.ts', text: "ipcMain.handle('x', () => 1)" },
      { file: 'src/main/window.ts', text: 'window.webContents.send(channel, payload)' },
    ]
    expect(callsOutside(calls, /\bipcMain\.\w+\(/, (f) => f.startsWith('src/main/ipc/'))).toEqual([
      'src/main/index.ts',
    ])
    expect(callsOutside(calls, /webContents\.send\(/, () => false)).toEqual(['src/main/window.ts'])
  })
})
