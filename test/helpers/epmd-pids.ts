import { readFileSync } from 'node:fs'
import { procTable } from '../../src/engine/supervisor/process/process-table'

/** The epmd processes serving `port`, by their command line or their environment. */
export function epmdPidsOn(port: number): number[] {
  return (procTable.list() ?? []).flatMap((info) => {
    if (info.command !== 'epmd') return []
    try {
      const words = readFileSync(`/proc/${info.pid}/cmdline`, 'latin1').split('\0')
      const environ = readFileSync(`/proc/${info.pid}/environ`, 'latin1').split('\0')
      const onPort = words.includes(String(port)) || environ.includes(`ERL_EPMD_PORT=${port}`)
      return onPort ? [info.pid] : []
    } catch {
      return []
    }
  })
}
