/** The last segment of a resource name: "programmes/abc" → "abc", "programmes/p/runs/r" → "r". */
export function idOf(name: string | undefined): string {
  if (!name) return ''
  const i = name.lastIndexOf('/')
  return i < 0 ? name : name.slice(i + 1)
}
