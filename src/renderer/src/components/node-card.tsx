import { type MouseEvent, useState } from 'react'
import { formatDuration } from '../../../shared/cluster/durations'
import { formatBytes } from '../../../shared/cluster/sizes'
import { describePending } from '../../../shared/domain/describe-dependency'
import { describeLastExit } from '../../../shared/domain/describe-exit'
import type { ErlangMesh, ErlangNodeStatus } from '../../../shared/domain/erlang'
import type { Dependency, NodeSnapshot } from '../../../shared/domain/node'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/result'
import { AnsiText } from '../log-viewer/ansi-text'
import { useCommand } from '../state/use-command'
import { ErlangFacts } from './erlang-facts'
import { HealthTimeline } from './health-timeline'
import { StartDialog } from './start-dialog'
import { StateBadge } from './state-badge'

interface NodeCardProps {
  api: ClusterApi
  node: NodeSnapshot
  now: number
  selected: boolean
  onSelect: () => void
  /** Shows a command's answer at once, before the next pushed snapshot. */
  onResult: (result: IpcResult<NodeSnapshot>) => void
  /** For an Erlang node: how the mesh last saw it. */
  erlang: ErlangNodeStatus | undefined
  onMeshResult: (result: IpcResult<ErlangMesh>) => void
  /** What it depends on that does not hold now: Start asks before starting it too. */
  unmet: Dependency[]
  /** The engine is out of reach: this is how the node was last seen. */
  stale: boolean
  onInspect: () => void
}

export function NodeCard(props: NodeCardProps) {
  const { api, node, now, selected, onSelect, onResult, erlang, onMeshResult, unmet, stale } = props
  const used = node.resources
  const [asking, setAsking] = useState(false)
  const commands = useCommand(onResult)
  const { isRunning } = commands
  const act =
    (label: string, command: () => Promise<IpcResult<NodeSnapshot>>) => (event: MouseEvent) => {
      // Acting on a node does not move the log the user is reading; clicking the card does.
      event.stopPropagation()
      void commands.run(label, command)
    }
  const live = ['running', 'starting', 'waiting'].includes(node.state)
  const start = (dependencies: boolean) => () =>
    commands.run('start', () => api.startNode(node.name, { dependencies }))
  // A failed or exited node has nothing left to stop; one in backoff has a restart to cancel.
  const stoppable = node.pid !== null || live || node.state === 'backoff'
  const inBackoff = node.state === 'backoff' && node.nextRestartAt !== null
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the card's buttons and the node list carry the keyboard path
    <article
      className={`node-card${selected ? ' selected' : ''}`}
      data-testid={`node-${node.name}`}
      data-node={node.name}
      data-state={node.state}
      aria-label={`node ${node.name}`}
      onClick={onSelect}
    >
      <header>
        <h2>{node.name}</h2>
        <StateBadge node={node} />
        {stale && <span className="stale">last known</span>}
      </header>
      <dl className="facts">
        <dt>pid</dt>
        <dd data-testid="pid">{node.pid ?? '–'}</dd>
        <dt>port</dt>
        <dd>
          {node.url ? (
            <a
              href={node.url}
              target="_blank"
              rel="noreferrer"
              onClick={(event) => event.stopPropagation()}
            >
              {node.port}
            </a>
          ) : (
            '–'
          )}
        </dd>
        <dt>uptime</dt>
        <dd>
          {node.state === 'running' && node.startedAt ? formatDuration(now - node.startedAt) : '–'}
        </dd>
        <dt>restarts</dt>
        <dd data-testid="restarts">{node.restarts}</dd>
        {used && (
          <>
            <dt>CPU</dt>
            <dd data-testid="cpu">{used.cpuPercent.toFixed(1)} %</dd>
            <dt>memory</dt>
            <dd data-testid="memory">{formatBytes(used.rssBytes)}</dd>
          </>
        )}
        <dt>last exit</dt>
        <dd data-testid="last-exit">{node.lastExit ? describeLastExit(node.lastExit) : '–'}</dd>
      </dl>
      {node.state === 'waiting' && (
        <div className="waiting" role="status" data-testid="waiting">
          waiting for {describePending(node.waitingFor)}
        </div>
      )}
      {node.state === 'starting' && node.readinessCheck && (
        <div className="waiting" role="status" data-testid="readiness-check">
          not ready yet: {node.readinessCheck}
        </div>
      )}
      {inBackoff && (
        <div className="backoff" role="status" data-testid="backoff">
          restart {node.restarts}/{node.maxRestarts} in{' '}
          {formatDuration(Math.max(0, node.nextRestartAt! - now))}
          <button type="button" onClick={act('restart now', () => api.startNode(node.name))}>
            Restart now
          </button>
          <button type="button" onClick={act('stop retrying', () => api.stopNode(node.name))}>
            Stop retrying
          </button>
          {node.crashLines.length > 0 && <LastLines lines={node.crashLines} />}
        </div>
      )}
      {node.state === 'failed' && node.diagnosis && (
        <div className="failure" role="alert" data-testid="diagnosis">
          <p className="problem">{node.diagnosis.problem}</p>
          <p className="fix">
            <strong>Fix:</strong> {node.diagnosis.fix}
          </p>
          {node.diagnosis.lastLines && node.diagnosis.lastLines.length > 0 && (
            <LastLines lines={node.diagnosis.lastLines} />
          )}
        </div>
      )}
      {erlang && <ErlangFacts api={api} status={erlang} onResult={onMeshResult} />}
      <HealthTimeline api={api} node={node.name} active={node.state === 'running'} />
      <footer className="actions">
        <button
          type="button"
          disabled={isRunning('start') || live}
          onClick={(event) => {
            event.stopPropagation()
            if (unmet.length > 0) setAsking(true)
            else void start(true)()
          }}
        >
          {isRunning('start') ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          disabled={!stoppable && !isRunning('start')}
          title="Stops it, or cancels a start still waiting"
          onClick={act('stop', () => api.stopNode(node.name))}
        >
          {isRunning('stop') ? 'Stopping…' : 'Stop'}
        </button>
        <button
          type="button"
          disabled={isRunning('restart')}
          onClick={act('restart', () => api.restartNode(node.name))}
        >
          {isRunning('restart') ? 'Restarting…' : 'Restart'}
        </button>
        <button
          type="button"
          className="danger"
          disabled={node.pid === null}
          title="SIGKILL the node, as a crash"
          onClick={act('kill', () => api.killNode(node.name))}
        >
          Kill
        </button>
        <button
          type="button"
          title="Its processes, CPU and memory over the last minutes, and how it is started"
          onClick={(event) => {
            event.stopPropagation()
            props.onInspect()
          }}
        >
          Inspect
        </button>
      </footer>
      {asking && (
        <StartDialog
          node={node.name}
          unmet={unmet}
          onChoose={(withDependencies) => {
            setAsking(false)
            if (withDependencies !== null) void start(withDependencies)()
          }}
        />
      )}
    </article>
  )
}

/** A run's last lines, its colours drawn. */
function LastLines({ lines }: { lines: string[] }) {
  return (
    <pre className="last-lines">
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: these lines never change once shown
        <div key={index}>
          <AnsiText text={line} />
        </div>
      ))}
    </pre>
  )
}
