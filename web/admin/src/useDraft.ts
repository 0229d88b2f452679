import { useEffect, useState } from 'react'

/**
 * Form state kept in sessionStorage under `key` while it is edited, so that nothing typed is lost
 * when the session expires and signing in again reloads the page. `clear` forgets it once saved.
 */
export function useDraft<T>(key: string, initial: () => T) {
  const storageKey = `draft:${key}`
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey)
    if (saved) {
      try { return JSON.parse(saved) as T } catch { /* a draft from another version: start again */ }
    }
    return initial()
  })
  const [dirty, setDirty] = useState(() => sessionStorage.getItem(storageKey) !== null)
  useEffect(() => {
    if (dirty) sessionStorage.setItem(storageKey, JSON.stringify(value))
  }, [storageKey, value, dirty])
  const update = (next: T) => { setDirty(true); setValue(next) }
  const clear = (next: T) => { sessionStorage.removeItem(storageKey); setDirty(false); setValue(next) }
  return { value, update, clear, dirty }
}
