// CSI and OSC sequences: colours, cursor moves, window titles.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape codes is the point
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g

/** The text without terminal escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '')
}
