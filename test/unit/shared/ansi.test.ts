import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ansiTokens, stripAnsi, terminalSafe } from '../../../src/shared/ansi'

const ESC = '\u001b'

describe('the ANSI grammar', () => {
  it('tells colours from other sequences and from control characters', () => {
    expect(ansiTokens(`${ESC}[1;31mred${ESC}[0m${ESC}[2J\u0007x`)).toEqual([
      { kind: 'sgr', parameters: '1;31' },
      { kind: 'text', text: 'red' },
      { kind: 'sgr', parameters: '0' },
      { kind: 'escape', raw: `${ESC}[2J` },
      { kind: 'control', raw: '\u0007' },
      { kind: 'text', text: 'x' },
    ])
  })

  it('reads string sequences up to BEL, ST, or the end of the line', () => {
    expect(
      ansiTokens(`a${ESC}]0;title\u0007b${ESC}]52;c;aGk=${ESC}\\c${ESC}Pq never ends`),
    ).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'escape', raw: `${ESC}]0;title\u0007` },
      { kind: 'text', text: 'b' },
      { kind: 'escape', raw: `${ESC}]52;c;aGk=${ESC}\\` },
      { kind: 'text', text: 'c' },
      { kind: 'escape', raw: `${ESC}Pq never ends` },
    ])
  })

  it('treats 8-bit CSI like ESC [', () => {
    expect(ansiTokens('\u009b31mx')).toEqual([
      { kind: 'sgr', parameters: '31' },
      { kind: 'text', text: 'x' },
    ])
  })

  it('strips sequences but keeps tabs and plain control characters', () => {
    expect(stripAnsi(`${ESC}[32mok${ESC}[0m\tdone\r${ESC}[1A${ESC}]0;t\u0007`)).toBe('ok\tdone\r')
  })
})

describe('text for a terminal', () => {
  it('keeps colours and shows every other sequence as a placeholder', () => {
    const line = `${ESC}[31mred${ESC}[0m ${ESC}]52;c;ZXZpbA==\u0007${ESC}]0;pwned\u0007${ESC}[6n${ESC}[2;5H\u0007end`
    expect(terminalSafe(line)).toBe(`${ESC}[31mred${ESC}[0m ␛␛␛␛␇end`)
  })

  it('never lets an escape or control character through, whatever the line', () => {
    const pieces = fc.constantFrom(
      ESC,
      '[',
      ']',
      '\u0007',
      '\u009b',
      '\u009d',
      '\\',
      '0',
      ';',
      '52',
      'm',
      'H',
      'P',
      '\r',
      '\b',
      'x',
      ' ',
    )
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const safe = terminalSafe(parts.join(''))
        // Only SGR may carry an ESC out, and nothing may carry a C0/C1 control but tab.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point
        const withoutSgr = safe.replace(/\u001b\[[0-9;:]*m/g, '')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point
        expect(withoutSgr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
      }),
    )
  })
})
