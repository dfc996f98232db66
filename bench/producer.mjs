// The flood producer: LINES lines of LINE_BYTES bytes, LINES_PER_WRITE lines per write(2),
// every tenth write to stderr (so 10% of lines). Blocks are built once, so the producer is as
// fast as the pipe allows and the reader is what the benchmark measures.
import { writeAll } from '../test/fixtures/write-all.mjs'

const lines = Number(process.env.LINES ?? 1_000_000)
const lineBytes = Number(process.env.LINE_BYTES ?? 100)
const perWrite = Number(process.env.LINES_PER_WRITE ?? 100)
const block = Buffer.from(`${'x'.repeat(lineBytes - 1)}\n`.repeat(perWrite))

let written = 0
let writes = 0
while (written < lines) {
  const count = Math.min(perWrite, lines - written)
  writeAll(
    writes % 10 === 9 ? 2 : 1,
    count === perWrite ? block : block.subarray(0, count * lineBytes),
  )
  written += count
  writes++
}
