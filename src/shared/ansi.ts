/**
 * The one grammar of terminal escape sequences in Cluster Desk (ECMA-48), shared by the log
 * viewer's colours, the exports' "strip" and the CLI's terminal output:
 *
 * - CSI: ESC [ (or the 8-bit U+009B), parameter bytes, intermediate bytes and a final byte.
 *   SGR, the colour and style sequence, is a CSI with final "m" and numeric parameters.
 * - String sequences: OSC (ESC ], U+009D), DCS (ESC P), SOS (ESC X), PM (ESC ^) and APC (ESC _),
 *   up to BEL or the string terminator (ESC \, U+009C), or to the end of the text.
 * - Other escapes: ESC, intermediate bytes and a final byte (ESC 7, ESC ( B, ESC c…).
 * - Controls: the C0 characters but tab and newline, DEL and the C1 characters.
 */
const SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape codes is the point
  /(?:\u001b\[|\u009b)([0-?]*)([ -/]*)([@-~])|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

export type AnsiToken =
  | { kind: 'text'; text: string }
  /** Select Graphic Rendition: colours and styles. `parameters` as written, such as "1;31". */
  | { kind: 'sgr'; parameters: string }
  /** Any other escape sequence: cursor moves, titles, clipboard writes, device queries. */
  | { kind: 'escape'; raw: string }
  /** A single control character such as BEL, backspace or carriage return. */
  | { kind: 'control'; raw: string }

const SGR_PARAMETERS = /^[0-9;:]*$/

function classify(match: RegExpExecArray): AnsiToken {
  const raw = match[0]
  if (match[3] !== undefined) {
    return match[3] === 'm' && match[2] === '' && SGR_PARAMETERS.test(match[1] ?? '')
      ? { kind: 'sgr', parameters: match[1] ?? '' }
      : { kind: 'escape', raw }
  }
  return isPlainControl(raw) ? { kind: 'control', raw } : { kind: 'escape', raw }
}

/** A single control character; a lone ESC, or one that starts a sequence cut short, is an escape. */
const isPlainControl = (raw: string) => raw.length === 1 && raw !== '\u001b'

/** The text split into plain text, SGR sequences, other sequences and controls, in order. */
export function ansiTokens(text: string): AnsiToken[] {
  const tokens: AnsiToken[] = []
  let last = 0
  for (const match of text.matchAll(SEQUENCE)) {
    if (match.index > last) tokens.push({ kind: 'text', text: text.slice(last, match.index) })
    tokens.push(classify(match as RegExpExecArray))
    last = match.index + match[0].length
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) })
  return tokens
}

/** The text without escape sequences; plain control characters such as "\r" stay. */
export function stripAnsi(text: string): string {
  return text.replace(SEQUENCE, (raw) => (isPlainControl(raw) ? raw : ''))
}

/** Shown instead of a sequence or control character a terminal must not receive. */
export const ESCAPE_PLACEHOLDER = '␛'

/** A control character as its visible Unicode picture: "\u0007" becomes "␇". */
function controlPicture(raw: string): string {
  const code = raw.charCodeAt(0)
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  return code === 0x7f ? '␡' : '\ufffd'
}

/**
 * Text that is safe to write to the user's terminal: colours (SGR) are kept, every other
 * escape sequence becomes "␛" and every control character its picture. A node's output must not
 * move the cursor, set the window title, write the clipboard (OSC 52) or ask the terminal
 * questions whose answers arrive as typed input.
 */
export function terminalSafe(text: string): string {
  let safe = ''
  for (const token of ansiTokens(text)) {
    if (token.kind === 'text') safe += token.text
    else if (token.kind === 'sgr') safe += `\u001b[${token.parameters}m`
    else if (token.kind === 'escape') safe += ESCAPE_PLACEHOLDER
    else safe += controlPicture(token.raw)
  }
  return safe
}
