import { formatBytes } from '../../shared/cluster/sizes'
import type { ClusterSnapshot } from '../../shared/domain/cluster'
import { totalResources } from '../../shared/domain/resources'
import type { ClusterApi } from '../../shared/ipc/contract'
import { valueOrExit } from './client-commands'
import { colour, EXIT, table } from './terminal'

const HEADER = ['NODE', 'STATE', 'CPU', 'MEMORY', 'PROCESSES', 'FDS']

/** What each node's process tree costs now, and the cluster's totals. */
export function topTable({ name, nodes }: ClusterSnapshot): string {
  const rows = nodes.map((node) => {
    const used = node.resources
    return [
      colour.bold(node.name),
      node.state,
      used ? `${used.cpuPercent.toFixed(1)} %` : '-',
      used ? formatBytes(used.rssBytes) : '-',
      used ? String(used.processes) : '-',
      used?.fds == null ? '-' : String(used.fds),
    ]
  })
  const { cpuPercent, rssBytes, sampled } = totalResources(nodes)
  const total = `${name}: ${cpuPercent.toFixed(1)} % CPU, ${formatBytes(rssBytes)} over ${sampled} running node${sampled === 1 ? '' : 's'}`
  return `${total}\n\n${table([HEADER, ...rows])}`
}

/**
 * `top`: the table above, redrawn on every snapshot (every 2 s while anything runs) until
 * Ctrl-C on a terminal; printed once to a pipe, or with --once.
 */
export async function top(api: ClusterApi, once: boolean): Promise<number> {
  const first = valueOrExit(await api.snapshot())
  if (once || !process.stdout.isTTY) {
    console.log(topTable(first))
    return EXIT.ok
  }
  const draw = (snapshot: ClusterSnapshot) =>
    process.stdout.write(`\x1b[H\x1b[2J${topTable(snapshot)}\n${colour.dim('Ctrl-C to leave')}\n`)
  draw(first)
  const stop = api.onClusterSnapshot(draw)
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
  stop()
  return EXIT.ok
}
