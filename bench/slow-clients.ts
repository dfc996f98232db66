import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shellQuote } from '../src/engine/supervisor/demo-cluster'
import { PACKAGE_ROOT } from '../src/headless/cli/package-paths'
import { connectToHost } from '../src/headless/ws-client'
import { WS_PATH } from '../src/shared/ipc/ws-protocol'
import { mib } from './stats'

const CLIENTS = 20
const LINE_BYTES = 16 * 1024

/** Resident and peak resident memory of a process, from /proc/<pid>/status. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 }
}

/**
 * A client that completes the WebSocket handshake, subscribes to everything, and then never
 * reads another byte: the kernel's buffers fill and the host must hold or drop what it sends.
 */
async function stalledClient(url: string, token: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  await once(socket, 'connect')
  socket.write(
    [
      `GET ${WS_PATH} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      `Authorization: Bearer ${token}`,
      '',
      '',
    ].join('\r\n'),
  )
  let answer = ''
  while (!answer.includes('\r\n\r\n')) answer += String((await once(socket, 'data'))[0])
  if (!answer.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${answer}`)
  // One masked text frame, as a client must send: the subscription.
  const payload = Buffer.from(
    JSON.stringify({ type: 'subscribe', events: ['cd:logs:batch', 'cd:cluster:snapshot'] }),
  )
  const mask = Buffer.from([1, 2, 3, 4])
  const masked = payload.map((byte, i) => byte ^ mask[i % 4]!)
  socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]))
  socket.pause()
  return socket
}

/**
 * One node prints 16 KiB lines as fast as it can for `seconds` under the real `cluster-desk
 * up`, with a 100,000-line buffer (what bounds it is the byte limit), while 20 clients are
 * subscribed and never read. The host's peak resident memory is what the bound has to hold.
 */
export async function measureSlowClients(seconds: number) {
  const folder = mkdtempSync(join(tmpdir(), 'cluster-desk-slow-clients-'))
  const config = join(folder, 'cluster.json')
  const producer = `${shellQuote(process.execPath)} ${shellQuote(join(PACKAGE_ROOT, 'bench', 'producer.mjs'))}`
  writeFileSync(
    config,
    JSON.stringify({
      name: 'slow-clients',
      logLines: 100_000,
      nodes: [
        {
          name: 'flood',
          port: null,
          command: producer,
          env: { LINES: String(1e12), LINE_BYTES: String(LINE_BYTES), LINES_PER_WRITE: '4' },
          restart: 'never',
          autostart: false,
        },
      ],
    }),
  )
  const host: ChildProcess = spawn(
    process.execPath,
    [join(PACKAGE_ROOT, 'bin', 'cluster-desk.mjs'), 'up', '--config', config],
    {
      env: { ...process.env, CLUSTER_DESK_RUNTIME_DIR: join(folder, 'runtime'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const sockets: Socket[] = []
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve) => {
      let output = ''
      host.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)\s/.exec(output)
        if (match) resolve({ url: match[1]!, token: match[2]! })
      })
    })
    const idleRss = memoryOf(host.pid!).rss
    for (let i = 0; i < CLIENTS; i++) sockets.push(await stalledClient(url, token))
    // One client that does read, to show the flood reaches clients while the others stall.
    const reader = await connectToHost(url, token)
    await reader.api.startNode('flood')
    let linesRead = 0
    let dropped = 0
    reader.api.onLogBatch((batch) => {
      dropped += batch.dropped
      for (const node of batch.nodes) linesRead += node.lines.length
    })
    const samples: number[] = []
    const sampler = setInterval(() => samples.push(memoryOf(host.pid!).rss), 500)
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    clearInterval(sampler)
    const { peak } = memoryOf(host.pid!)
    const status = await reader.api.snapshot()
    const printed = status.ok ? status.value.nodes[0]?.state : 'unknown'
    reader.close()
    return {
      seconds,
      clients: CLIENTS,
      idleRssMib: mib(idleRss),
      peakRssMib: mib(peak),
      lastRssMib: mib(samples.at(-1) ?? 0),
      linesRead,
      droppedForReader: dropped,
      nodeState: printed ?? 'unknown',
    }
  } finally {
    for (const socket of sockets) socket.destroy()
    host.kill('SIGTERM')
    if (host.exitCode === null) await once(host, 'exit')
    rmSync(folder, { recursive: true, force: true })
  }
}
