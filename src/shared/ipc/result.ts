/**
 * What every command answers. Results rather than thrown errors: Electron forwards only the
 * message of a thrown error, and every error here says what is wrong and how to fix it.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export interface IpcError {
  code: IpcErrorCode
  message: string
  fix: string
  /** Extra facts for a caller that acts on the error, such as the known node names. */
  details?: { nodes?: string[]; problems?: Array<{ path: string; message: string; fix: string }> }
}

export type IpcErrorCode =
  | 'bad-request'
  | 'unknown-channel'
  | 'unknown-node'
  | 'unknown-cluster'
  | 'invalid-cluster'
  | 'forbidden'
  | 'not-available'
  | 'internal'

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value })

export const fail = (
  code: IpcErrorCode,
  message: string,
  fix: string,
  details?: IpcError['details'],
): IpcResult<never> => ({
  ok: false,
  error: details ? { code, message, fix, details } : { code, message, fix },
})
