import { useEffect, useState } from 'react'

/** The current time, refreshed every `periodMs`: for uptimes and restart countdowns. */
export function useNow(periodMs = 200): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs)
    return () => clearInterval(timer)
  }, [periodMs])
  return now
}
