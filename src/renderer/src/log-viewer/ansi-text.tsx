import { ansiSpans } from './ansi-spans'

/** A line of terminal output with its colours, and without the escape codes that made them. */
export function AnsiText({ text }: { text: string }) {
  return ansiSpans(text).map((span, index) => (
    <span
      // biome-ignore lint/suspicious/noArrayIndexKey: spans of one line never reorder
      key={index}
      style={{
        color: span.style.color,
        backgroundColor: span.style.background,
        fontWeight: span.style.bold ? 600 : undefined,
        opacity: span.style.dim ? 0.7 : undefined,
        fontStyle: span.style.italic ? 'italic' : undefined,
        textDecoration: span.style.underline ? 'underline' : undefined,
      }}
    >
      {span.text}
    </span>
  ))
}
