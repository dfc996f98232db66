import type { ConfigProblem } from '../../shared/cluster/problems'
import type { ClusterSpec } from '../../shared/domain/cluster'
import { REDACTED, redactEnvValue, redactText, restoreSecrets } from './redact'

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A cluster definition sent back by an editor that was shown secrets as "[redacted]": every
 * placeholder in a node's command line, environment or Erlang cookie is put back with the
 * secret the saved cluster of that name has in the same place. A placeholder that cannot be
 * matched (the node was renamed, or the text around it no longer lines up) is a problem, never
 * saved as is.
 */
export function restoreClusterSecrets(
  sent: unknown,
  savedCluster: (name: string) => ClusterSpec | undefined,
): { definition: unknown; problems: ConfigProblem[] } {
  if (!isObject(sent) || !Array.isArray(sent.nodes)) return { definition: sent, problems: [] }
  const saved = typeof sent.name === 'string' ? savedCluster(sent.name) : undefined
  const problems: ConfigProblem[] = []
  const nodes = sent.nodes.map((entry: unknown, index) => {
    if (!isObject(entry)) return entry
    const original = saved?.nodes.find((node) => node.name === entry.name)
    const node: Raw = { ...entry }
    const check = (path: string, value: string) => {
      if (!value.includes(REDACTED)) return
      problems.push({
        path: `nodes[${index}].${path}`,
        message: `holds ${REDACTED}, a hidden secret Cluster Desk could not put back`,
        fix: 'Type the value again, or press "Show secrets" in the editor before changing it.',
      })
    }
    if (typeof entry.command === 'string') {
      node.command = original
        ? restoreSecrets(entry.command, original.command, redactText)
        : entry.command
      check('command', node.command as string)
    }
    if (isObject(entry.env)) {
      const env: Raw = {}
      for (const [key, value] of Object.entries(entry.env)) {
        env[key] =
          typeof value === 'string' && original
            ? restoreSecrets(value, original.env[key] ?? '', (old) => redactEnvValue(key, old))
            : value
        if (typeof env[key] === 'string') check(`env.${key}`, env[key] as string)
      }
      node.env = env
    }
    if (isObject(entry.erlang) && entry.erlang.cookie === REDACTED) {
      const cookie = original?.erlang?.cookie
      node.erlang = { ...entry.erlang, cookie: cookie ?? REDACTED }
      if (!cookie) check('erlang.cookie', REDACTED)
    }
    return node
  })
  return { definition: { ...sent, nodes }, problems }
}
