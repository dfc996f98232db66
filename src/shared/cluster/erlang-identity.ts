import type { ErlangIdentity } from '../domain/erlang'
import type { NodeSpec } from '../domain/node'

/** A node known to be an Erlang node. */
export type ErlangNodeSpec = NodeSpec & { erlang: ErlangIdentity }

export const isErlangNode = (node: NodeSpec): node is ErlangNodeSpec => node.erlang !== null

const NAME_FLAGS: Record<string, boolean> = {
  '--name': true,
  '-name': true,
  '--sname': false,
  '-sname': false,
}
const COOKIE_FLAGS = new Set(['--cookie', '-setcookie'])

/**
 * Splits a command line into words as a POSIX shell would for simple lines: quotes group,
 * a backslash escapes, and nothing is expanded. Enough to find flags and their values.
 */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (quote) {
      if (char === quote) quote = undefined
      else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line[++i]
      else word += char
    } else if (char === '"' || char === "'") {
      quote = char
      inWord = true
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i]
      inWord = true
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += char
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

/**
 * The Erlang identity a command line gives a node (`elixir --name a@127.0.0.1 --cookie c`,
 * `erl -sname a -setcookie c`, `iex --name=a@h`), or undefined when it names no node. The
 * last name flag wins, as it does for erl.
 */
export function erlangIdentityOf(command: string): ErlangIdentity | undefined {
  const words = shellWords(command)
  let identity: ErlangIdentity | undefined
  let cookie: string | null = null
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = splitFlag(words[i]!)
    const value = inline ?? words[i + 1]
    if (flag in NAME_FLAGS && value !== undefined) {
      identity = { name: value, longNames: NAME_FLAGS[flag]!, cookie: null }
      if (inline === undefined) i++
    } else if (COOKIE_FLAGS.has(flag) && value !== undefined) {
      cookie = value
      if (inline === undefined) i++
    }
  }
  return identity ? { ...identity, cookie } : undefined
}

/** "--name=a@h" as ["--name", "a@h"]; a word without "=" as [word, undefined]. */
function splitFlag(word: string): [string, string | undefined] {
  const at = word.indexOf('=')
  if (at > 0 && word.startsWith('-')) return [word.slice(0, at), word.slice(at + 1)]
  return [word, undefined]
}

/** The part before "@": what epmd registers, unique on a machine. */
export function aliveName(name: string): string {
  const at = name.indexOf('@')
  return at === -1 ? name : name.slice(0, at)
}

/** The host part after "@", if the name has one. */
export function hostOfName(name: string): string | undefined {
  const at = name.indexOf('@')
  return at === -1 ? undefined : name.slice(at + 1)
}
