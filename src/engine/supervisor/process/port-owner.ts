import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { commandLineOf } from './process-table'

export interface PortOwner {
  pid: number
  command: string
}

const LISTEN_STATE = '0A'

/** Inodes of the sockets listening on `port`, from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  const portHex = port.toString(16).toUpperCase().padStart(4, '0')
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'latin1')
    } catch {
      continue
    }
    for (const row of text.split('\n').slice(1)) {
      const columns = row.trim().split(/\s+/)
      const local = columns[1]
      if (!local || columns[3] !== LISTEN_STATE) continue
      if (local.slice(local.lastIndexOf(':') + 1) === portHex && columns[9]) inodes.add(columns[9])
    }
  }
  return inodes
}

/**
 * Which process listens on a TCP port, found by matching the socket's inode in /proc/net/tcp*
 * against every process's open files. Undefined when nobody listens, or the owner belongs to
 * another user whose files we may not read.
 */
export function findPortOwner(port: number): PortOwner | undefined {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) return undefined
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`))
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return undefined
  }
  for (const pid of pids) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          return { pid: Number(pid), command: commandLineOf(Number(pid)) ?? 'unknown' }
        }
      } catch {
        // The descriptor closed while we looked: not this one.
      }
    }
  }
  return undefined
}
