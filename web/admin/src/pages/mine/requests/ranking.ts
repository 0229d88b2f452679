/** The mentors a mentee picked, in the order picked (first = most wanted): ticking adds at the end, unticking removes. */
export function toggleRanked(ranked: string[], mentor: string, picked: boolean): string[] {
  const without = ranked.filter((m) => m !== mentor)
  return picked ? [...without, mentor] : without
}

/** Moves a picked mentor one place up (towards most wanted) or down; at either end nothing changes. */
export function moveRanked(ranked: string[], mentor: string, by: -1 | 1): string[] {
  const i = ranked.indexOf(mentor)
  const j = i + by
  if (i < 0 || j < 0 || j >= ranked.length) return ranked
  const next = [...ranked]
  ;[next[i], next[j]] = [next[j], next[i]]
  return next
}
