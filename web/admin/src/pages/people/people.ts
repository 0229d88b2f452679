import type { components } from '../../api/schema'
import { idOf } from '../../api/names'

export type Person = components['schemas']['mentoring.profile.v1.Person']
export type PersonRole = components['schemas']['mentoring.profile.v1.PersonRole']
export type SeniorityLevel = components['schemas']['mentoring.profile.v1.SeniorityLevel']
export type MeetingFormat = components['schemas']['mentoring.profile.v1.MeetingFormat']

export const peopleKey = ['profile', 'people'] as const

export const seniorityLevels: { value: SeniorityLevel; label: string }[] = [
  { value: 'SENIORITY_LEVEL_ENTRY', label: 'Entry' },
  { value: 'SENIORITY_LEVEL_JUNIOR', label: 'Junior' },
  { value: 'SENIORITY_LEVEL_INTERMEDIATE', label: 'Intermediate' },
  { value: 'SENIORITY_LEVEL_SENIOR', label: 'Senior' },
  { value: 'SENIORITY_LEVEL_PRINCIPAL', label: 'Principal' },
  { value: 'SENIORITY_LEVEL_EXECUTIVE', label: 'Executive' },
]

export const roles: { value: PersonRole; label: string }[] = [
  { value: 'PERSON_ROLE_MENTOR', label: 'Mentor' },
  { value: 'PERSON_ROLE_MENTEE', label: 'Mentee' },
]

export const meetingFormats: { value: MeetingFormat; label: string }[] = [
  { value: 'MEETING_FORMAT_IN_PERSON', label: 'In person' },
  { value: 'MEETING_FORMAT_PHONE', label: 'Phone' },
  { value: 'MEETING_FORMAT_VIDEO', label: 'Video' },
  { value: 'MEETING_FORMAT_CHAT', label: 'Chat' },
]

export const label = <T extends string>(options: { value: T; label: string }[], value: T | undefined) =>
  options.find((o) => o.value === value)?.label ?? value ?? ''

/** Case-insensitive match of a search text against a person's name, e-mail and area. */
export function matchesSearch(person: Person, text: string): boolean {
  const needle = text.trim().toLowerCase()
  if (!needle) return true
  return [person.displayName, person.email, person.areaOfWork].some((v) => v?.toLowerCase().includes(needle))
}

/** The admin page of a person, `people/{id}` → `/people/{id}`. */
export const personPath = (name?: string) => `/people/${idOf(name)}`
