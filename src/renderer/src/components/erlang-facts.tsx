import { type MouseEvent, useState } from 'react'
import { formatBytes } from '../../../shared/cluster/sizes'
import type { ErlangMesh, ErlangNodeStatus } from '../../../shared/domain/erlang'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/result'
import { useCommand } from '../state/use-command'

interface ErlangFactsProps {
  api: ClusterApi
  status: ErlangNodeStatus
  /** Shows a partition's or a heal's answer at once. */
  onResult: (result: IpcResult<ErlangMesh>) => void
}

const figure = (value: number | null) => (value === null ? '–' : String(value))

/**
 * The BEAM side of an Erlang node's card: its name and VM figures, why it is not part of the
 * cluster when it is not, Partition or Heal, and the command that opens a remote shell on it.
 */
export function ErlangFacts({ api, status, onResult }: ErlangFactsProps) {
  const commands = useCommand(onResult)
  const [copied, setCopied] = useState(false)
  const remsh = `cluster-desk remsh ${status.name}`
  const act = (event: MouseEvent) => {
    event.stopPropagation()
    void commands.run(status.partitioned ? 'heal' : 'partition', () =>
      status.partitioned ? api.healNode(status.name) : api.partitionNode(status.name),
    )
  }
  const copy = (event: MouseEvent) => {
    event.stopPropagation()
    void navigator.clipboard?.writeText(remsh).then(() => setCopied(true))
  }
  return (
    <div className="erlang" data-testid="erlang">
      <dl className="facts">
        <dt>erlang</dt>
        <dd className="erlang-name">{status.erlangName}</dd>
        <dt>OTP</dt>
        <dd>{status.otpRelease ?? '–'}</dd>
        <dt>processes</dt>
        <dd>{figure(status.processes)}</dd>
        <dt>memory</dt>
        <dd>{status.memoryBytes === null ? '–' : formatBytes(status.memoryBytes)}</dd>
        <dt>run queue</dt>
        <dd>{figure(status.runQueue)}</dd>
      </dl>
      {status.partitioned && (
        <div className="partitioned" role="status">
          Cut off from the other nodes, as in a netsplit, until healed.
        </div>
      )}
      {status.problem && (
        <div className="failure" role="alert" data-testid="mesh-problem">
          <p className="problem">{status.problem.problem}</p>
          <p className="fix">
            <strong>Fix:</strong> {status.problem.fix}
          </p>
        </div>
      )}
      <div className="erlang-actions">
        <button
          type="button"
          disabled={commands.busy || !status.running || (!status.reachable && !status.partitioned)}
          title={
            status.partitioned
              ? 'Give it the cluster’s cookie back and join it to the others'
              : 'Cut it off from the other nodes, as a netsplit would'
          }
          onClick={act}
        >
          {commands.running === 'partition'
            ? 'Partitioning…'
            : commands.running === 'heal'
              ? 'Healing…'
              : status.partitioned
                ? 'Heal'
                : 'Partition'}
        </button>
        <code className="remsh" title="A remote shell on this node, in your terminal">
          {remsh}
        </code>
        <button type="button" onClick={copy} aria-label={`Copy ${remsh}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  )
}
