import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import type { ClusterApi } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/result'
import { useCommand } from '../state/use-command'

interface GroupHeaderProps {
  api: ClusterApi
  group: string
  replicas: number
  onResult: (result: IpcResult<ClusterSnapshot>) => void
}

/**
 * Above a replica group's cards: its size, and − and + to scale it while the cluster runs
 * (new replicas start; the highest-numbered one stops first). The cluster file is unchanged.
 */
export function GroupHeader({ api, group, replicas, onResult }: GroupHeaderProps) {
  const commands = useCommand(onResult)
  const scale = (to: number) => void commands.run('scale', () => api.scaleGroup(group, to))
  return (
    <div className="group-header" data-testid={`group-${group}`}>
      <h3>{group}</h3>
      <span className="replicas" role="status">
        {replicas} replica{replicas === 1 ? '' : 's'}
      </span>
      <button
        type="button"
        aria-label={`One replica of ${group} fewer`}
        disabled={commands.busy || replicas <= 1}
        onClick={() => scale(replicas - 1)}
      >
        −
      </button>
      <button
        type="button"
        aria-label={`One replica of ${group} more`}
        disabled={commands.busy}
        onClick={() => scale(replicas + 1)}
      >
        +
      </button>
    </div>
  )
}
