import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { nextStep, otherParticipants, phaseLabel, relationshipKey } from './relationship'
import { useTransition } from './useTransition'
import { AgreementSection } from './AgreementSection'
import { MeetingsSection } from './MeetingsSection'
import { GoalsSection } from './work/GoalsSection'
import { SessionRecordsSection } from './work/SessionRecordsSection'
import { JournalSection } from './work/JournalSection'
import { FitChecksSection } from './work/FitChecksSection'
import { ClosingEvaluationSection } from './work/ClosingEvaluationSection'
import { ClosingControls } from './work/ClosingControls'

const closing = ['RELATIONSHIP_STATE_CLOSING', 'RELATIONSHIP_STATE_CLOSED']
const live = ['RELATIONSHIP_STATE_ACCEPTED', 'RELATIONSHIP_STATE_RAPPORT', 'RELATIONSHIP_STATE_CONTRACTING', 'RELATIONSHIP_STATE_ACTIVE', 'RELATIONSHIP_STATE_CLOSING']

/** One of my relationships: its phase and next step, the agreement, goals, meetings and what was written about them. */
export function MyRelationshipPage({ me }: { me: string }) {
  const { relationshipId = '' } = useParams()
  const [refused, setRefused] = useState<string>()
  const relationship = useQuery({
    queryKey: relationshipKey(relationshipId),
    queryFn: () => data(api.GET('/matching/v1/relationships/{relationshipId}', { params: { path: { relationshipId } } })),
  })
  const transition = useTransition(setRefused)

  if (relationship.isPending) return <p>Loading…</p>
  if (relationship.isError) return <p role="alert">Could not load the relationship: {relationship.error.message}</p>
  const r = relationship.data
  const step = nextStep(r, me)
  const isLive = live.includes(r.state ?? '')

  return (
    <>
      <p><Link to="/mine/relationships">My relationships</Link></p>
      <h1>Mentoring with {otherParticipants(r, me).join(', ')}</h1>
      <dl className="facts">
        <dt>Phase</dt>
        <dd>{phaseLabel[r.state ?? ''] ?? r.state}</dd>
        <dt>Accepted by</dt>
        <dd>{(r.acceptedBy ?? []).includes(me) ? 'you' : 'not you yet'}{(r.acceptedBy ?? []).filter((p) => p !== me).length > 0 ? ' and the others' : ''}</dd>
        {r.endTime && <><dt>Planned end</dt><dd>{new Date(r.endTime).toLocaleDateString()}</dd></>}
      </dl>
      {step && (
        <button type="button" disabled={transition.isPending}
          onClick={() => { setRefused(undefined); transition.mutate({ relationship: r, state: step.state }) }}>{step.label}</button>
      )}
      <div role="status">{refused && <p className="error">Refused: {refused}</p>}</div>
      {isLive ? (
        <>
          <AgreementSection relationshipId={relationshipId} me={me} />
          <GoalsSection relationshipId={relationshipId} me={me} mentor={(r.mentors ?? []).includes(me)} />
          <MeetingsSection relationshipId={relationshipId} me={me} />
          <SessionRecordsSection relationshipId={relationshipId} me={me} />
          <FitChecksSection relationshipId={relationshipId} />
          <JournalSection relationshipId={relationshipId} me={me} />
          {closing.includes(r.state ?? '') && <ClosingEvaluationSection relationshipId={relationshipId} me={me} />}
          <ClosingControls relationship={r} onRefused={setRefused} />
        </>
      ) : (
        r.state === 'RELATIONSHIP_STATE_CLOSED' ? (
          <>
            <SessionRecordsSection relationshipId={relationshipId} me={me} />
            <ClosingEvaluationSection relationshipId={relationshipId} me={me} />
          </>
        ) : <p>The agreement and the meetings open once everyone has accepted.</p>
      )}
    </>
  )
}
