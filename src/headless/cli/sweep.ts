import { runtimeDirectory } from '../../engine/host/runtime-file'
import { procTable } from '../../engine/supervisor/process/process-table'
import { sweepEarlierRuns } from '../../engine/supervisor/process/tree-records'
import { colour } from './terminal'

/** Stops what an earlier engine that died left running, and says so. */
export async function reportSweep(): Promise<void> {
  const { stopped, problems } = await sweepEarlierRuns(runtimeDirectory(), procTable)
  for (const problem of problems) console.error(colour.yellow(`warning: ${problem}`))
  if (stopped > 0) {
    console.log(
      colour.yellow(
        `stopped ${stopped} process${stopped === 1 ? '' : 'es'} left by an earlier run`,
      ),
    )
  }
}
