// Prints RATE lines a second (default 50,000) for DURATION_MS, then idles. Each tick prints
// what is due by the clock, so a late timer does not lower the rate.
const rate = Number(process.env.RATE ?? 50_000)
const durationMs = Number(process.env.DURATION_MS ?? 10_000)
const name = process.env.NODE_NAME ?? 'flood'
const started = Date.now()
let printed = 0
const tick = () => {
  const elapsed = Math.min(Date.now() - started, durationMs)
  const due = Math.floor((rate * elapsed) / 1000)
  let text = ''
  while (printed < due) text += `[${name}] line ${++printed} ${'·'.repeat(40)}\n`
  if (text) process.stdout.write(text)
  if (elapsed < durationMs) setTimeout(tick, 10)
}
tick()
setInterval(() => {}, 1000)
