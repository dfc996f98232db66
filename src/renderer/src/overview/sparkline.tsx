/** A small line of recent values, scaled to its own highest (or `ceiling`, if higher). */
export function Sparkline({
  values,
  ceiling = 0,
  width = 60,
  height = 16,
  label,
}: {
  values: number[]
  ceiling?: number
  width?: number
  height?: number
  label: string
}) {
  if (values.length < 2) return <span className="sparkline-empty" style={{ width }} />
  const top = Math.max(ceiling, ...values) || 1
  const step = width / (values.length - 1)
  const points = values
    .map(
      (value, i) =>
        `${(i * step).toFixed(1)},${(height - (value / top) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(' ')
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  )
}
