import { useEffect, useState } from 'react'
import type { ClusterApi, UiPreferences } from '../../../shared/ipc/contract'

/** The window's preferences, kept by the engine (in settings, in the desktop app). */
export function usePreferences(api: ClusterApi) {
  const [preferences, setPreferences] = useState<UiPreferences>({
    notifications: false,
    timestamps: false,
  })
  useEffect(() => {
    void api.preferences().then((result) => result.ok && setPreferences(result.value))
  }, [api])
  const update = (change: Partial<UiPreferences>) => {
    setPreferences((current) => ({ ...current, ...change }))
    void api.setPreferences(change)
  }
  return [preferences, update] as const
}
