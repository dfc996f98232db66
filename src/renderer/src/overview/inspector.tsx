import { useEffect, useState } from 'react'
import { formatBytes } from '../../../shared/cluster/sizes'
import type { NodeInspection } from '../../../shared/domain/resources'
import type { ClusterApi } from '../../../shared/ipc/contract'
import { Sparkline } from './sparkline'

/** How often the open inspector asks again: as often as the engine samples. */
const REFRESH_MS = 2000

/**
 * One node's process tree (pid, command, CPU, memory per process), its CPU and memory over
 * the last 5 minutes, and how it is started: command, folder and environment, secrets shown
 * as [redacted]. Where /proc does not exist the figures are absent, never zero.
 */
export function Inspector({
  api,
  node,
  onClose,
}: {
  api: ClusterApi
  node: string
  onClose: () => void
}) {
  const [seen, setSeen] = useState<NodeInspection | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    let live = true
    const read = () =>
      void api.inspectNode(node).then((result) => {
        if (!live) return
        if (result.ok) setSeen(result.value)
        else setError(`${result.error.message} ${result.error.fix}`)
      })
    read()
    const timer = setInterval(read, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, node])

  const history = seen?.history ?? []
  const latest = history.at(-1)
  return (
    <section className="inspector" aria-label={`Inspector of ${node}`} data-testid="inspector">
      <header>
        <h2>{node}</h2>
        {latest && (
          <span className="muted">
            {latest.cpuPercent.toFixed(1)} % CPU · {formatBytes(latest.rssBytes)} ·{' '}
            {latest.processes} process{latest.processes === 1 ? '' : 'es'}
            {latest.fds === null ? '' : ` · ${latest.fds} open files`}
          </span>
        )}
        <button type="button" className="close" onClick={onClose} aria-label="Close the inspector">
          ×
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      <div className="charts">
        <figure>
          <Sparkline
            values={history.map((s) => s.cpuPercent)}
            ceiling={100}
            width={240}
            height={40}
            label={`${node} CPU over the last ${Math.round((history.length * 2) / 60)} minutes`}
          />
          <figcaption>CPU, last 5 minutes</figcaption>
        </figure>
        <figure>
          <Sparkline
            values={history.map((s) => s.rssBytes)}
            width={240}
            height={40}
            label={`${node} memory over the last minutes`}
          />
          <figcaption>memory, last 5 minutes</figcaption>
        </figure>
      </div>
      {seen && seen.processes.length > 0 ? (
        <table className="process-table">
          <thead>
            <tr>
              <th>pid</th>
              <th>parent</th>
              <th>command</th>
              <th>CPU</th>
              <th>memory</th>
            </tr>
          </thead>
          <tbody>
            {seen.processes.map((process) => (
              <tr key={process.pid} data-pid={process.pid}>
                <td>{process.pid}</td>
                <td>{process.ppid}</td>
                <td>{process.command}</td>
                <td>{process.cpuPercent.toFixed(1)} %</td>
                <td>{formatBytes(process.rssBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No processes running{seen ? '' : ' yet'}.</p>
      )}
      {seen && (
        <dl className="started-as">
          <dt>command</dt>
          <dd>
            <code>{seen.command}</code>
          </dd>
          <dt>folder</dt>
          <dd>
            <code>{seen.cwd}</code>
          </dd>
          <dt>environment</dt>
          <dd>
            {Object.keys(seen.env).length === 0
              ? '–'
              : Object.entries(seen.env).map(([key, value]) => (
                  <div key={key}>
                    <code>
                      {key}={value}
                    </code>
                  </div>
                ))}
          </dd>
        </dl>
      )}
    </section>
  )
}
