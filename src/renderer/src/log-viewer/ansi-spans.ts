import { ansiTokens } from '../../../shared/ansi'

export interface AnsiStyle {
  color?: string
  background?: string
  bold?: boolean
  dim?: boolean
  italic?: boolean
  underline?: boolean
}

export interface AnsiSpan {
  text: string
  style: AnsiStyle
}

const BASIC = [
  '#1d1f21',
  '#cc3e3e',
  '#3ea24b',
  '#b58900',
  '#2f6fd6',
  '#a43ea4',
  '#1f9aa4',
  '#c5c8c6',
]
const BRIGHT = [
  '#6b6f73',
  '#ef5f5f',
  '#5fcf6b',
  '#e0b020',
  '#5c95f0',
  '#d070d0',
  '#40c8d0',
  '#ffffff',
]

function colour256(n: number): string {
  if (n < 8) return BASIC[n]!
  if (n < 16) return BRIGHT[n - 8]!
  if (n < 232) {
    const v = n - 16
    const level = (c: number) => (c === 0 ? 0 : 55 + c * 40)
    return `rgb(${level(Math.floor(v / 36))}, ${level(Math.floor(v / 6) % 6)}, ${level(v % 6)})`
  }
  const grey = 8 + (n - 232) * 10
  return `rgb(${grey}, ${grey}, ${grey})`
}

/**
 * Splits a line into runs of text with their colours, from SGR escape sequences (16 colours,
 * 256 colours, true colour, bold, dim, italic, underline). Every other escape sequence and
 * control character is dropped, never shown as garbage: the grammar is the project's one
 * (shared/ansi.ts), so what the viewer hides is exactly what an export strips.
 */
export function ansiSpans(line: string): AnsiSpan[] {
  const spans: AnsiSpan[] = []
  let style: AnsiStyle = {}
  for (const token of ansiTokens(line)) {
    if (token.kind === 'text') spans.push({ text: token.text, style })
    else if (token.kind === 'sgr') style = applySgr(style, token.parameters)
  }
  return spans
}

function applySgr(current: AnsiStyle, parameters: string): AnsiStyle {
  const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map(Number)
  let style = { ...current }
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    if (code === 0) style = {}
    else if (code === 1) style.bold = true
    else if (code === 2) style.dim = true
    else if (code === 3) style.italic = true
    else if (code === 4) style.underline = true
    else if (code === 22) style.bold = style.dim = undefined
    else if (code === 23) style.italic = undefined
    else if (code === 24) style.underline = undefined
    else if (code >= 30 && code <= 37) style.color = BASIC[code - 30]
    else if (code >= 90 && code <= 97) style.color = BRIGHT[code - 90]
    else if (code === 39) style.color = undefined
    else if (code >= 40 && code <= 47) style.background = BASIC[code - 40]
    else if (code >= 100 && code <= 107) style.background = BRIGHT[code - 100]
    else if (code === 49) style.background = undefined
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'color' : 'background'
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
        style[key] = colour256(codes[i + 2]!)
        i += 2
      } else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
        style[key] = `rgb(${codes[i + 2]}, ${codes[i + 3]}, ${codes[i + 4]})`
        i += 4
      }
    }
  }
  return style
}
