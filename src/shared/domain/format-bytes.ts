const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** "512 B", "12.3 MiB": a size as a person reads it. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`
}
