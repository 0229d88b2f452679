import type { components } from '../../api/schema'

export type Relationship = components['schemas']['mentoring.matching.v1.Relationship']
export type RelationshipState = components['schemas']['mentoring.matching.v1.RelationshipState']
export type CloseReason = components['schemas']['mentoring.matching.v1.CloseReason']

/** The reasons a participant gives for closing on purpose (the no-fault exit and the time box have their own ways). */
export const closeReasons: { value: CloseReason; label: string }[] = [
  { value: 'CLOSE_REASON_GOALS_MET', label: 'The goals were reached' },
  { value: 'CLOSE_REASON_GOALS_CHANGED', label: 'The goals changed' },
  { value: 'CLOSE_REASON_INDEPENDENT', label: 'The mentee can go on alone' },
]

export const myRelationshipsKey = ['matching', 'my-relationships'] as const
export const relationshipKey = (id: string) => ['matching', 'relationships', id] as const

/** How the signed-in person sees the others of a relationship: "your mentor", "your mentee", "a co-mentor". */
export function otherParticipants(r: Relationship, me: string): string[] {
  const mentors = r.mentors ?? []
  const mentees = r.mentees ?? []
  const iAmMentor = mentors.includes(me)
  return [
    ...mentors.filter((m) => m !== me).map((_, i) => (iAmMentor ? 'a co-mentor' : i === 0 ? 'your mentor' : 'your co-mentor')),
    ...mentees.filter((m) => m !== me).map(() => (iAmMentor ? 'your mentee' : 'a fellow mentee')),
  ]
}

/** The next phase a participant moves the relationship to, with the button's words; none from ACTIVE on. */
export function nextStep(r: Relationship, me: string): { state: RelationshipState; label: string } | undefined {
  switch (r.state) {
    case 'RELATIONSHIP_STATE_PROPOSED':
      return (r.acceptedBy ?? []).includes(me) ? undefined : { state: 'RELATIONSHIP_STATE_ACCEPTED', label: 'Accept this match' }
    case 'RELATIONSHIP_STATE_ACCEPTED':
      return { state: 'RELATIONSHIP_STATE_RAPPORT', label: 'Start building rapport' }
    case 'RELATIONSHIP_STATE_RAPPORT':
      return { state: 'RELATIONSHIP_STATE_CONTRACTING', label: 'Start the agreement' }
    case 'RELATIONSHIP_STATE_CONTRACTING':
      return { state: 'RELATIONSHIP_STATE_ACTIVE', label: 'Start working on the goals' }
    default:
      return undefined
  }
}

export const phaseLabel: Record<string, string> = {
  RELATIONSHIP_STATE_PROPOSED: 'Proposed: waiting for every participant to accept',
  RELATIONSHIP_STATE_ACCEPTED: 'Accepted',
  RELATIONSHIP_STATE_RAPPORT: 'Building rapport',
  RELATIONSHIP_STATE_CONTRACTING: 'Setting direction: the agreement',
  RELATIONSHIP_STATE_ACTIVE: 'Working on the goals',
  RELATIONSHIP_STATE_CLOSING: 'Closing',
  RELATIONSHIP_STATE_CLOSED: 'Closed',
}
