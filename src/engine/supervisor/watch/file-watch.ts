import { relative, resolve } from 'node:path'
import { type FSWatcher, watch } from 'chokidar'
import picomatch from 'picomatch'
import type { WatchSpec } from '../../../shared/domain/node'

/** Folders no one wants a restart for, on top of the node's own `ignore`. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**']

/**
 * Watches a node's `watch.paths` (relative to its folder) with chokidar and calls `changed`
 * with the files that changed, once they have been quiet for `debounce`: saving ten files at
 * once restarts the node once. Paths matching `ignore` (globs, relative to the node's folder)
 * never count.
 */
export class FileWatch {
  private readonly watcher: FSWatcher
  private readonly pending = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  /** Resolves once the watcher has looked at every path: changes after this are heard. */
  readonly ready: Promise<void>

  constructor(
    cwd: string,
    spec: WatchSpec,
    private readonly changed: (files: string[]) => void,
  ) {
    const ignored = picomatch([...ALWAYS_IGNORED, ...spec.ignore], { dot: true })
    this.watcher = watch(
      spec.paths.map((path) => resolve(cwd, path)),
      {
        ignoreInitial: true,
        ignored: (path) => ignored(relative(cwd, path)),
      },
    )
    const heard = (path: string) => {
      this.pending.add(relative(cwd, path) || path)
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.flush(), spec.debounceMs)
    }
    this.ready = new Promise((done) => this.watcher.once('ready', () => done()))
    this.watcher.on('add', heard).on('change', heard).on('unlink', heard)
    // A folder that cannot be watched (gone, not readable) is no reason to end the engine.
    this.watcher.on('error', () => {})
  }

  private flush(): void {
    const files = [...this.pending]
    this.pending.clear()
    if (files.length > 0) this.changed(files)
  }

  close(): Promise<void> {
    clearTimeout(this.timer)
    return this.watcher.close()
  }
}
