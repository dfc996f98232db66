import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '..')
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
 * The layering of design §2 as rules: the engine and the contract never touch Electron, the
 * renderer touches neither Electron, Node nor the main process, and only the preload may use
 * contextBridge. Each broken rule names the file, the import and the layer it belongs to.
 */
function layeringViolations(facts: ImportFact[]): string[] {
  const problems: string[] = []
  for (const { file, specifier } of facts) {
    const inSupervisor = file.startsWith('src/main/supervisor/')
    const inShared = file.startsWith('src/shared/')
    const inRenderer = file.startsWith('src/renderer/')
    if ((inSupervisor || inShared) && isElectron(specifier)) {
      problems.push(
        `${file} imports ${specifier}: the engine and src/shared run without Electron; keep Electron glue in src/main`,
      )
    }
    if (inShared && isNode(specifier)) {
      problems.push(
        `${file} imports ${specifier}: src/shared is loaded by the renderer too; move Node code to src/main`,
      )
    }
    if (inRenderer && (isElectron(specifier) || isNode(specifier))) {
      problems.push(
        `${file} imports ${specifier}: the renderer talks only to ClusterApi, never to Electron or Node`,
      )
    }
    if (inRenderer && specifier.startsWith('src/main')) {
      problems.push(
        `${file} imports ${specifier}: the renderer may import src/shared, never src/main`,
      )
    }
  }
  return problems
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
}

function usesOutsidePreload(name: string, facts: Array<{ file: string; text: string }>) {
  return facts
    .filter(({ file, text }) => !file.startsWith('src/preload/') && text.includes(name))
    .map(({ file }) => file)
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

  it('keeps Electron out of the engine and the contract, and Node out of the renderer', () => {
    expect(layeringViolations(facts)).toEqual([])
  })

  it('lets only the preload use contextBridge', () => {
    expect(usesOutsidePreload('contextBridge', files)).toEqual([])
  })

  it('catches each kind of violation', () => {
    const bad: ImportFact[] = [
      { file: 'src/main/supervisor/x.ts', specifier: 'electron' },
      { file: 'src/shared/y.ts', specifier: 'electron' },
      { file: 'src/shared/y.ts', specifier: 'node:fs' },
      { file: 'src/renderer/src/z.tsx', specifier: 'fs' },
      { file: 'src/renderer/src/z.tsx', specifier: 'src/main/supervisor/cluster-manager' },
      { file: 'src/renderer/src/z.tsx', specifier: 'electron' },
    ]
    expect(layeringViolations(bad)).toHaveLength(6)
    expect(importsOf('src/renderer/src/a.tsx', "import { x } from '../../main/index'")).toEqual([
      { file: 'src/renderer/src/a.tsx', specifier: 'src/main/index' },
    ])
  })
})
