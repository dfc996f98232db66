/** One thing wrong with a cluster definition: where, what, and how to put it right. */
export interface ConfigProblem {
  /** Where in the file, as `nodes[1].health.timeout`; empty for the file as a whole. */
  path: string
  message: string
  fix: string
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.path || '(file)'}: ${p.message}\n    fix: ${p.fix}`).join('\n')
}
