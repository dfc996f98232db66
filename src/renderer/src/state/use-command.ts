import { useState } from 'react'
import type { IpcResult } from '../../../shared/ipc/result'

/**
 * Runs commands for one part of the window and says which are under way, so a button can
 * show "Stopping…" and its neighbours wait. Every answer goes to `onResult`, which shows an
 * error or applies the new state.
 */
export function useCommand<T>(onResult: (result: IpcResult<T>) => void) {
  const [running, setRunning] = useState<string | undefined>()
  const run = async (label: string, command: () => Promise<IpcResult<T>>) => {
    setRunning(label)
    try {
      onResult(await command())
    } finally {
      setRunning(undefined)
    }
  }
  return { running, busy: running !== undefined, run }
}
