import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { RefusalNote } from '../RefusalNote'
import { CredentialingSummary } from '../credentialing/CredentialingSummary'
import { CredentialingActions } from '../credentialing/CredentialingActions'
import { credentialingKey, useCredentialing } from '../credentialing/useCredentialing'
import { label, roles, seniorityLevels } from './people'
import { usePeople } from './usePeople'

/** One person for an administrator: who they are, their reporting line, competencies and credentialing. */
export function PersonPage() {
  const { personId = '' } = useParams()
  const queryClient = useQueryClient()
  const key = ['profile', 'person', personId]
  const [manager, setManager] = useState<string>()
  const [refused, setRefused] = useState<Refusal>()
  const person = useQuery({ queryKey: key, queryFn: () => data(api.GET('/profile/v1/people/{personId}', { params: { path: { personId } } })) })
  const everyone = usePeople({}).data ?? []
  const competencies = useQuery({
    queryKey: ['profile', 'person-competencies', personId],
    queryFn: () => data(api.GET('/profile/v1/people/{personId}/competencies', { params: { path: { personId } } })).then((r) => r.personCompetencies ?? []),
  })
  const credentialing = useCredentialing(personId)
  const setLineManager = useMutation({
    mutationFn: (lineManager: string) =>
      data(api.POST('/profile/v1/people/{personId}:setLineManager', { params: { path: { personId } }, body: { lineManager, etag: person.data?.etag } })),
    onMutate: () => setRefused(undefined),
    onSuccess: (p) => { queryClient.setQueryData(key, p); setManager(undefined) },
    onError: async (e: Refusal) => { setRefused(e); await queryClient.invalidateQueries({ queryKey: key }) },
  })

  if (person.isPending) return <p>Loading…</p>
  if (person.isError) return <p role="alert">Could not load the person: {person.error.message}</p>
  const p = person.data
  const nameOf = (name?: string) => everyone.find((x) => x.name === name)?.displayName ?? name
  const chosen = manager ?? p.lineManager ?? ''

  return (
    <>
      <p><Link to="/people">People</Link></p>
      <h1>{p.displayName}</h1>
      <dl className="facts">
        <dt>E-mail</dt><dd>{p.email}</dd>
        <dt>Area of work</dt><dd>{p.areaOfWork}</dd>
        {p.jobTitle && <><dt>Job title</dt><dd>{p.jobTitle}</dd></>}
        <dt>Seniority</dt><dd>{label(seniorityLevels, p.seniorityLevel)}</dd>
        <dt>Roles</dt><dd>{(p.roles ?? []).map((r) => label(roles, r)).join(', ') || '—'}</dd>
        {(p.roles ?? []).includes('PERSON_ROLE_MENTOR') && <><dt>Mentees at once</dt><dd>{p.mentorCapacity ?? 0}</dd></>}
        <dt>Languages</dt><dd>{(p.languages ?? []).join(', ') || '—'}</dd>
        <dt>Time zone</dt><dd>{p.timeZone || '—'}</dd>
      </dl>

      <section aria-labelledby="line-heading">
        <h2 id="line-heading">Reporting line</h2>
        <p>Matching never pairs a mentee with someone in their reporting line.</p>
        <p>Line manager: {p.lineManager ? nameOf(p.lineManager) : 'none'}</p>
        <div className="actions">
          <label htmlFor="line-manager">Line manager</label>
          <select id="line-manager" value={chosen} onChange={(e) => setManager(e.target.value)}>
            <option value="">None</option>
            {everyone.filter((x) => x.name !== p.name).map((x) => <option key={x.name} value={x.name}>{x.displayName}</option>)}
          </select>
          <button type="button" disabled={setLineManager.isPending || chosen === (p.lineManager ?? '')} onClick={() => setLineManager.mutate(chosen)}>Set line manager</button>
        </div>
        <div role="status"><RefusalNote refused={refused} shown={[]} /></div>
      </section>

      <section aria-labelledby="competencies-heading">
        <h2 id="competencies-heading">Competencies</h2>
        {competencies.isError && <p role="alert">Could not load the competencies: {competencies.error.message}</p>}
        {competencies.data?.length === 0 && <p>Not assessed in any competency.</p>}
        {competencies.data && competencies.data.length > 0 && (
          <table>
            <caption className="visually-hidden">{p.displayName}’s competencies</caption>
            <thead><tr><th scope="col">Area</th><th scope="col">Competency</th><th scope="col">Now</th><th scope="col">Aiming at</th><th scope="col">Offered as mentor</th></tr></thead>
            <tbody>
              {competencies.data.map((c) => (
                <tr key={c.name}><td>{c.area}</td><td>{c.competencyDisplayName}</td><td>{c.currentLevel}</td><td>{c.targetLevel || '—'}</td><td>{c.offeredAsMentor ? 'yes' : 'no'}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="credentialing-heading">
        <h2 id="credentialing-heading">Credentialing</h2>
        {credentialing.isError && <p role="alert">Could not load the credentialing: {credentialing.error.message}</p>}
        {credentialing.data === null && <p>{p.displayName} has not applied to become a mentor.</p>}
        {credentialing.data && (
          <>
            <CredentialingSummary pipeline={credentialing.data} />
            <CredentialingActions pipeline={credentialing.data} queryKey={credentialingKey(personId)} />
          </>
        )}
      </section>
    </>
  )
}
