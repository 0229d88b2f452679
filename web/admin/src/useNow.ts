import { useEffect, useState } from 'react'

/** The current time in milliseconds, refreshed every <paramref name="everyMs"/> (what "has it started yet?" needs). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
