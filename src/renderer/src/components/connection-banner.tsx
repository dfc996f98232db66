import type { Connection } from '../state/connection-store'

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8)

/**
 * Says at once that the window lost its engine, so nothing below it is taken as current:
 * the states are the last known ones and commands wait until the connection is back.
 */
export function ConnectionBanner({
  connection,
  now,
  onRetry,
}: {
  connection: Connection
  now: number
  onRetry: () => void
}) {
  if (connection.state === 'refused') return <RefusedMessage />
  if (connection.state !== 'reconnecting') return null
  const seconds = Math.max(0, Math.ceil((connection.retryAt - now) / 1000))
  return (
    <div className="banner disconnected" role="alert" data-testid="disconnected">
      <span>
        <strong>Disconnected from Cluster Desk — reconnecting…</strong> Node states are as last
        known at {clock(connection.since)}; commands wait until it is back.{' '}
        <span className="muted">
          Attempt {connection.attempt}
          {seconds > 0 ? `, next in ${seconds} s` : ''}.
        </span>
      </span>
      <button type="button" onClick={onRetry}>
        Retry now
      </button>
    </div>
  )
}

export function RefusedMessage() {
  return (
    <div className="banner disconnected" role="alert" data-testid="refused">
      <span>
        <strong>Cluster Desk refused this page's token.</strong> It was started again with a new
        token (cluster-desk serve --new-token), or another Cluster Desk now answers here. Open the
        address it printed (it ends in #token=…), or run "cluster-desk status" to see it.
      </span>
    </div>
  )
}

/** Before the first snapshot: what is going on, and after a while what to check. */
export function Connecting({ connection, now }: { connection: Connection; now: number }) {
  if (connection.state === 'refused') return <RefusedMessage />
  const waited = now - connection.since
  return (
    <div className="loading" role="status">
      <p>Connecting to Cluster Desk…</p>
      {waited > 10_000 && (
        <p data-testid="connecting-hint">
          No answer after {Math.round(waited / 1000)} s: Cluster Desk is not running at{' '}
          {window.location.host || 'this address'}, or this page is not its own. Start it with
          "cluster-desk serve" (or open the desktop app) and this page connects by itself; run
          "cluster-desk status" to see where it runs.
        </p>
      )}
    </div>
  )
}
