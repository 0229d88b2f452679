import type { components } from '../../api/schema'

export type State = components['schemas']['mentoring.matching.v1.RelationshipState']

export const phases: { value: State; label: string }[] = [
  { value: 'RELATIONSHIP_STATE_PROPOSED', label: 'Proposed' },
  { value: 'RELATIONSHIP_STATE_ACCEPTED', label: 'Accepted' },
  { value: 'RELATIONSHIP_STATE_RAPPORT', label: 'Rapport' },
  { value: 'RELATIONSHIP_STATE_CONTRACTING', label: 'Contracting' },
  { value: 'RELATIONSHIP_STATE_ACTIVE', label: 'Active' },
  { value: 'RELATIONSHIP_STATE_CLOSING', label: 'Closing' },
  { value: 'RELATIONSHIP_STATE_CLOSED', label: 'Closed' },
]
