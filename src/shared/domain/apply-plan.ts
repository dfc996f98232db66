/**
 * What saving a cluster definition does to the cluster loaded now, node by node: shown before
 * the save ("start 2, restart 1, stop 1") and said again after it.
 */
export interface ApplyPlan {
  /** Added nodes that start with the cluster, started now because the cluster runs. */
  start: string[]
  /** Changed nodes that run: stopped, then started again in their new form. */
  restart: string[]
  /** Removed nodes that run: stopped. */
  stop: string[]
  /** Changed nodes that do not run: they take their new form at their next start. */
  change: string[]
  /** Added nodes left stopped (the cluster is stopped, or they do not start with it). */
  add: string[]
  /** Removed nodes that were not running. */
  remove: string[]
  /**
   * The definition names another cluster than the one loaded: saving keeps it beside this
   * one, and switching to it stops `stops`, every running node of this one.
   */
  otherCluster?: { name: string; replaces: boolean; stops: string[] }
}

const WORDS: Array<[keyof Omit<ApplyPlan, 'otherCluster'>, string]> = [
  ['start', 'start'],
  ['restart', 'restart'],
  ['stop', 'stop'],
  ['change', 'change (stopped)'],
  ['add', 'add (stopped)'],
  ['remove', 'remove'],
]

/** "start 2 (a, b) · restart 1 (web)", or "nothing changes". */
export function describePlan(plan: ApplyPlan): string {
  const parts = WORDS.filter(([key]) => plan[key].length > 0).map(
    ([key, word]) => `${word} ${plan[key].length} (${plan[key].join(', ')})`,
  )
  return parts.length > 0 ? parts.join(' · ') : 'nothing changes'
}
