import { useEffect, useState } from 'react'
import type { ClusterApi, UiPreferences } from '../../../shared/ipc/contract'

/**
 * The window's preferences, kept by the engine (in settings, in the desktop app): read each
 * time the window is connected, since a read before that cannot be answered.
 */
export function usePreferences(api: ClusterApi, connected: boolean) {
  const [preferences, setPreferences] = useState<UiPreferences>({
    notifications: false,
    timestamps: false,
  })
  useEffect(() => {
    if (connected)
      void api.preferences().then((result) => result.ok && setPreferences(result.value))
  }, [api, connected])
  const update = (change: Partial<UiPreferences>) => {
    setPreferences((current) => ({ ...current, ...change }))
    void api.setPreferences(change)
  }
  return [preferences, update] as const
}
