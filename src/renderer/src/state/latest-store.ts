import { useSyncExternalStore } from 'react'

/**
 * The latest of a value pushed again and again (a cluster snapshot, the Erlang mesh), for
 * React. Holding one is enough: a newer one replaces it whole. `supersedes` says whether a
 * value that arrives replaces the one held, so a late answer never undoes a newer push.
 */
export class LatestStore<T> {
  private value: T | undefined
  private readonly listeners = new Set<() => void>()

  constructor(private readonly supersedes: (next: T, held: T) => boolean) {}

  set(next: T): void {
    if (this.value !== undefined && !this.supersedes(next, this.value)) return
    this.value = next
    for (const listener of this.listeners) listener()
  }

  get current(): T | undefined {
    return this.value
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  protected forgetListeners(): void {
    this.listeners.clear()
  }
}

export function useLatest<T>(store: LatestStore<T>): T | undefined {
  return useSyncExternalStore(store.subscribe, () => store.current)
}
