#!/usr/bin/env node
// The demo node Cluster Desk ships so a new user sees every feature before configuring
// anything: an HTTP server with GET /api/health, a heartbeat every 2 s, a few coloured lines and
// some stderr. Switches (environment): CRASH_AFTER_MS=n exits with code 1 after n ms;
// IGNORE_TERM=1 ignores SIGTERM (to show a forced stop); FLOOD=1 prints as fast as it can.
import { createServer } from 'node:http'

const name = process.env.NODE_NAME ?? 'demo'
const port = Number(process.env.PORT ?? 4001)
const host = process.env.HOST ?? '127.0.0.1'
const startedAt = Date.now()
const colour = (code, text) => `\u001b[${code}m${text}\u001b[0m`

const server = createServer((request, response) => {
  if (request.url === '/api/health') {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(
      JSON.stringify({
        node: name,
        status: 'ok',
        uptime_ms: Date.now() - startedAt,
        timestamp: new Date().toISOString(),
      }),
    )
    return
  }
  if (request.url === '/') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
    response.end(`${name}: a Cluster Desk demo node. Try /api/health.\n`)
    return
  }
  response.writeHead(404, { 'content-type': 'text/plain' })
  response.end('not found\n')
})

server.listen(port, host, () => {
  console.log(colour('32', `[${name}] listening on http://${host}:${port}`))
  console.log(`${colour('36', 'info')} health endpoint: http://${host}:${port}/api/health`)
  console.error(colour('33', `[${name}] warning: this is a demo node, not a real service`))
})

server.on('error', (error) => {
  console.error(`[${name}] cannot listen on ${host}:${port}: ${error.message}`)
  process.exit(1)
})

let beat = 0
setInterval(() => {
  beat++
  console.log(`${colour('90', new Date().toISOString())} [${name}] heartbeat ${beat}`)
  if (beat % 5 === 0) console.error(`[${name}] stderr: ${beat} heartbeats so far`)
}, 2000)

if (process.env.CRASH_AFTER_MS) {
  setTimeout(() => {
    console.error(colour('31', `[${name}] crashing on purpose (CRASH_AFTER_MS)`))
    process.exit(1)
  }, Number(process.env.CRASH_AFTER_MS))
}

if (process.env.IGNORE_TERM === '1') {
  process.on('SIGTERM', () =>
    console.error(`[${name}] SIGTERM received and ignored (IGNORE_TERM=1)`),
  )
} else {
  process.on('SIGTERM', () => {
    console.log(`[${name}] SIGTERM: shutting down`)
    server.close()
    process.exit(0)
  })
}

if (process.env.FLOOD === '1') {
  let line = 0
  const flood = () => {
    let ok = true
    while (ok) ok = process.stdout.write(`[${name}] flood line ${++line} ${'x'.repeat(60)}\n`)
    process.stdout.once('drain', flood)
  }
  flood()
}
