/** A scale back as the text it is edited in: a level a line, "label: meaning". */
export const levelsText = (levels: { label?: string; description?: string }[] = []) =>
  levels.map((l) => (l.description ? `${l.label}: ${l.description}` : l.label ?? '')).join('\n')

/** "Aware: knows the basics" per line → the scale, lowest first (the server judges it). */
export const levelsOf = (text: string) =>
  text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const i = line.indexOf(':')
    return i < 0 ? { label: line, description: '' } : { label: line.slice(0, i).trim(), description: line.slice(i + 1).trim() }
  })
