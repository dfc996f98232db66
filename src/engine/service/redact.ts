import type { NodeSpec } from '../../shared/domain/node'

/** What a secret is replaced with wherever Cluster Desk shows or writes it. */
export const REDACTED = '[redacted]'

const SECRET_WORD = 'SECRET|TOKEN|PASSWORD|PASS|KEY|COOKIE|CREDENTIAL'
const SECRET_NAME = new RegExp(SECRET_WORD, 'i')
/** Quoted or bare: the value a flag or an assignment carries. */
const VALUE = `"[^"]*"|'[^']*'|[^\\s'"]+`

/**
 * Secrets a text may carry, each pattern matching the secret alone: the value of an Erlang
 * cookie flag, the password of a URL (`scheme://user:pass@host`) and the value of an assignment
 * whose name looks secret (`DB_PASSWORD=…`).
 */
const SECRET_IN_TEXT = new RegExp(
  [
    `(?<=(?:^|\\s)(?:--cookie|-setcookie)(?:\\s+|=))(?:${VALUE})`,
    `(?<=\\b[a-z][a-z0-9+.-]*://[^\\s:@/]*:)[^\\s@/]+(?=@)`,
    `(?<=\\b[A-Za-z0-9_]*(?:${SECRET_WORD})[A-Za-z0-9_]*=)(?:${VALUE})`,
  ].join('|'),
  'gi',
)
/** Shorter known secrets are not hunted for in free text: "1" or "dev" would mangle every line. */
const MIN_KNOWN_SECRET_LENGTH = 4

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/** The text with its secrets replaced, and the secrets in the order they were found. */
export function redactText(text: string): { text: string; secrets: string[] } {
  const secrets: string[] = []
  const redacted = text.replace(SECRET_IN_TEXT, (secret) => {
    if (secret === REDACTED) return secret
    secrets.push(secret)
    return REDACTED
  })
  return { text: redacted, secrets }
}

/** An environment value as shown: wholly hidden under a secret-looking name, else its secrets. */
export function redactEnvValue(name: string, value: string): { text: string; secrets: string[] } {
  if (isSecretName(name) && value !== '') return { text: REDACTED, secrets: [value] }
  return redactText(value)
}

export function redactEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, redactEnvValue(name, value).text]),
  )
}

/** The node as the editor and exports show it: command line and environment without secrets. */
export function redactNodeSpec(spec: NodeSpec): NodeSpec {
  const redacted = { ...spec, command: redactText(spec.command).text, env: redactEnv(spec.env) }
  if (spec.erlang?.cookie) redacted.erlang = { ...spec.erlang, cookie: REDACTED }
  return redacted
}

/**
 * Every secret value a node's definition holds (and its env files, read by the caller, hold),
 * to hide them wherever its output repeats them.
 */
export function secretsOf(spec: NodeSpec, fileEnv: Record<string, string> = {}): string[] {
  const found = [
    ...redactText(spec.command).secrets,
    ...Object.entries({ ...fileEnv, ...spec.env }).flatMap(
      ([name, value]) => redactEnvValue(name, value).secrets,
    ),
    ...(spec.erlang?.cookie ? [spec.erlang.cookie] : []),
  ].map((secret) => secret.replace(/^(["'])(.*)\1$/, '$2'))
  return [...new Set(found)].filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH)
}

/**
 * A function that hides secrets in a node's output: the secret values of the node's
 * definition and env files wherever they appear, longest first, then whatever the patterns
 * find.
 */
export function lineRedactor(
  spec: NodeSpec,
  fileEnv: Record<string, string> = {},
): (text: string) => string {
  const known = secretsOf(spec, fileEnv).sort((a, b) => b.length - a.length)
  return (text) => {
    let hidden = text
    for (const secret of known)
      if (hidden.includes(secret)) hidden = hidden.replaceAll(secret, REDACTED)
    return redactText(hidden).text
  }
}

/**
 * A value that came back from a client which was shown `redacted(original)`: each placeholder
 * is put back with the secret it stood for, in order, so an edit elsewhere in a command line
 * keeps its cookie. When the placeholders no longer line up with the original's secrets the
 * value is returned as sent, placeholders and all, for the caller to refuse.
 */
export function restoreSecrets(
  sent: string,
  original: string,
  redacted: (original: string) => { secrets: string[] },
): string {
  if (!sent.includes(REDACTED)) return sent
  const { secrets } = redacted(original)
  if (sent.split(REDACTED).length - 1 !== secrets.length) return sent
  let next = 0
  return sent.replaceAll(REDACTED, () => secrets[next++]!)
}
