import type { IpcResult } from '../../shared/ipc/result'

/** An error a command answers with; anything else thrown is reported as internal. */
export class CommandError extends Error {
  constructor(readonly result: IpcResult<never>) {
    super(result.ok ? '' : result.error.message)
  }
}
