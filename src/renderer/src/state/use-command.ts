import { useState } from 'react'
import type { IpcResult } from '../../../shared/ipc/result'

/**
 * Runs commands for one part of the window and says which are under way, so a button can
 * show "Stopping…". Several may run at once: a stop must never wait for a start that waits
 * for readiness. Every answer goes to `onResult`, which shows an error or applies the new state.
 */
export function useCommand<T>(onResult: (result: IpcResult<T>) => void) {
  const [labels, setLabels] = useState<readonly string[]>([])
  const run = async (label: string, command: () => Promise<IpcResult<T>>) => {
    setLabels((now) => [...now, label])
    try {
      onResult(await command())
    } finally {
      setLabels((now) => {
        const index = now.indexOf(label)
        return index < 0 ? now : [...now.slice(0, index), ...now.slice(index + 1)]
      })
    }
  }
  return {
    /** The command begun last of those under way. */
    running: labels.at(-1),
    busy: labels.length > 0,
    isRunning: (label: string) => labels.includes(label),
    run,
  }
}
