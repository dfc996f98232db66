/** A time in ms as ISO 8601, or null for "never": how times leave Cluster Desk in JSON and files. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
