import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { idOf } from '../../api/names'
import { myRelationshipsKey, nextStep, otherParticipants, phaseLabel } from './relationship'
import { useTransition } from './useTransition'

/** The relationships the signed-in person takes part in, newest first, with the step each awaits from them. */
export function MyRelationshipsPage({ me }: { me: string }) {
  const [refused, setRefused] = useState<string>()
  const relationships = useQuery({
    queryKey: myRelationshipsKey,
    queryFn: () => data(api.GET('/matching/v1/relationships', { params: { query: { pageSize: 100 } } })).then((r) => r.relationships ?? []),
  })
  const transition = useTransition(setRefused)

  return (
    <>
      <h1>My relationships</h1>
      <div role="status">{refused && <p className="error">Refused: {refused}</p>}</div>
      {relationships.isPending && <p>Loading…</p>}
      {relationships.isError && <p role="alert">Could not load your relationships: {relationships.error.message}</p>}
      {relationships.data?.length === 0 && <p>You have no mentoring relationships yet.</p>}
      {relationships.data && relationships.data.length > 0 && (
        <table>
          <caption className="visually-hidden">My relationships, newest first</caption>
          <thead>
            <tr><th scope="col">With</th><th scope="col">Phase</th><th scope="col">Since</th><th scope="col">Next step</th></tr>
          </thead>
          <tbody>
            {relationships.data.map((r) => {
              const step = nextStep(r, me)
              const with_ = otherParticipants(r, me).join(', ')
              return (
                <tr key={r.name}>
                  <td><Link to={`/mine/relationships/${idOf(r.name)}`}>{with_}</Link></td>
                  <td>{phaseLabel[r.state ?? ''] ?? r.state}</td>
                  <td>{r.createTime ? new Date(r.createTime).toLocaleDateString() : ''}</td>
                  <td>
                    {step && r.state === 'RELATIONSHIP_STATE_PROPOSED' ? (
                      <button type="button" disabled={transition.isPending}
                        onClick={() => { setRefused(undefined); transition.mutate({ relationship: r, state: step.state }) }}
                        aria-label={`${step.label} with ${with_}`}>{step.label}</button>
                    ) : r.state === 'RELATIONSHIP_STATE_PROPOSED' ? 'waiting for the others to accept' : <Link to={`/mine/relationships/${idOf(r.name)}`}>Open</Link>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </>
  )
}
