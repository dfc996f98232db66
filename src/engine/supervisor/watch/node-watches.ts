import type { SupervisedNode } from '../lifecycle/supervised-node'
import { FileWatch } from './file-watch'

/** A stop asked by the user, or a start under way: a change of files is no reason to act. */
const LEFT_ALONE = new Set(['stopped', 'stopping', 'waiting'])

/**
 * The file watches of a cluster's nodes that have `watch`, kept in step with its nodes: a
 * change of their files restarts a node that runs, crashed, failed or completed (a watched
 * one-shot task runs again), never one the user stopped.
 */
export class NodeWatches {
  private readonly watches = new Map<SupervisedNode, FileWatch>()

  /** Watches the nodes that ask for it, and stops watching those no longer in `nodes`. */
  sync(nodes: SupervisedNode[]): void {
    for (const [node, watch] of this.watches) {
      if (nodes.includes(node)) continue
      void watch.close()
      this.watches.delete(node)
    }
    for (const node of nodes) {
      const { watch } = node.spec
      if (!watch || this.watches.has(node)) continue
      this.watches.set(
        node,
        new FileWatch(node.spec.cwd, watch, (files) => this.changed(node, files)),
      )
    }
  }

  /** Resolves once every watch is in place. */
  async ready(): Promise<void> {
    await Promise.all([...this.watches.values()].map((watch) => watch.ready))
  }

  private changed(node: SupervisedNode, files: string[]): void {
    if (LEFT_ALONE.has(node.snapshot().state)) return
    const shown = files.slice(0, 3).join(', ')
    const more = files.length > 3 ? ` and ${files.length - 3} more` : ''
    node.output.system(`changed: ${shown}${more}; restarting`)
    void node.restart()
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches.values()].map((watch) => watch.close()))
    this.watches.clear()
  }
}
