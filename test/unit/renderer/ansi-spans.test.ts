import { describe, expect, it } from 'vitest'
import { ansiSpans } from '../../../src/renderer/src/log-viewer/ansi-spans'

describe('ANSI spans', () => {
  it('keeps plain text whole', () => {
    expect(ansiSpans('plain')).toEqual([{ text: 'plain', style: {} }])
  })

  it('colours text between SGR codes and resets', () => {
    expect(ansiSpans('\u001b[32mok\u001b[0m then \u001b[1;31mfail')).toEqual([
      { text: 'ok', style: { color: '#3ea24b' } },
      { text: ' then ', style: {} },
      { text: 'fail', style: { bold: true, color: '#cc3e3e' } },
    ])
  })

  it('reads 256 colours and true colour', () => {
    expect(ansiSpans('\u001b[38;5;196mred\u001b[48;2;1;2;3mon')).toEqual([
      { text: 'red', style: { color: 'rgb(255, 0, 0)' } },
      { text: 'on', style: { color: 'rgb(255, 0, 0)', background: 'rgb(1, 2, 3)' } },
    ])
  })

  it('drops other escape sequences instead of showing them', () => {
    expect(ansiSpans('\u001b[2K\u001b]0;title\u0007done\u001b[1A')).toEqual([
      { text: 'done', style: {} },
    ])
  })
})
