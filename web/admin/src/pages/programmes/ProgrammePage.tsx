import { useState } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { modelLabel, models } from '../models'
import { enrolmentRoles, programmeKey } from './programme'
import { useEnrolments } from './queries'
import { RulesTable } from './RulesTable'
import { EnrolPeopleForm } from './EnrolPeopleForm'
import { EditProgrammeForm } from './EditProgrammeForm'
import { SpeedEventsSection } from './speed/SpeedEventsSection'

export function ProgrammePage() {
  const { programmeId = '' } = useParams()
  const navigate = useNavigate()
  const [runError, setRunError] = useState<string>()
  const programme = useQuery({
    queryKey: programmeKey(programmeId),
    queryFn: () => data(api.GET('/matching/v1/programmes/{programmeId}', { params: { path: { programmeId } } })),
  })
  const enrolments = useEnrolments(programmeId)
  const run = useMutation({
    mutationFn: () => data(api.POST('/matching/v1/programmes/{programmeId}/runs', { params: { path: { programmeId } }, body: {} })),
    onSuccess: (r) => navigate(`/programmes/${programmeId}/runs/${idOf(r.name)}`),
    onError: (e: Refusal) => setRunError(e.message),
  })

  if (programme.isPending) return <p>Loading…</p>
  if (programme.isError) return <p role="alert">Could not load the programme: {programme.error.message}</p>
  const p = programme.data
  const count = (role: string) => enrolments.data?.filter((e) => e.role === role).length ?? 0

  return (
    <>
      <p><Link to="/programmes">All programmes</Link></p>
      <h1>{p.displayName}</h1>
      <dl className="facts">
        <dt>Model</dt>
        <dd>{modelLabel(p.model)} — {models.find((m) => m.value === p.model)?.explanation}</dd>
        <dt>Formal</dt>
        <dd>{p.formal ? 'yes: structured, measurable goals and a signed agreement' : 'no'}</dd>
        <dt>Matching</dt>
        <dd>{(p.matchingMode ?? '').replace('MATCHING_MODE_', '').toLowerCase().replace(/_/g, ' ')}</dd>
        <dt>Enrolled</dt>
        <dd>{count('ENROLMENT_ROLE_MENTOR')} mentors, {count('ENROLMENT_ROLE_MENTEE')} mentees</dd>
      </dl>

      {p.model !== 'MENTORING_MODEL_SPEED' && (
        <section aria-labelledby="run-heading">
          <h2 id="run-heading">Matching</h2>
          <p>A run proposes pairs with each score explained; nothing is visible to participants until you publish it.</p>
          <button type="button" onClick={() => { setRunError(undefined); run.mutate() }} disabled={run.isPending}>
            Run matching
          </button>
          <div role="status">{runError && <p className="error">{runError}</p>}</div>
        </section>
      )}

      <section aria-labelledby="enrolments-heading">
        <h2 id="enrolments-heading">Enrolments</h2>
        {enrolments.isPending && <p>Loading…</p>}
        {enrolments.isError && <p role="alert">Could not load the enrolments: {enrolments.error.message}</p>}
        {enrolments.data?.length === 0 && <p>Nobody is enrolled yet.</p>}
        {enrolments.data && enrolments.data.length > 0 && (
          <table>
            <caption className="visually-hidden">Enrolled people</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">As</th><th scope="col">Enrolled</th></tr>
            </thead>
            <tbody>
              {enrolments.data.map((e) => (
                <tr key={e.name}>
                  <td>{e.displayName || e.person}</td>
                  <td>{enrolmentRoles.find((r) => r.value === e.role)?.label}</td>
                  <td>{e.createTime ? new Date(e.createTime).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <EnrolPeopleForm programmeId={programmeId} enrolments={enrolments.data ?? []} />
      {p.model === 'MENTORING_MODEL_SPEED' && <SpeedEventsSection programmeId={programmeId} enrolments={enrolments.data ?? []} />}
      <RulesTable programme={p} />
      <EditProgrammeForm programme={p} />
    </>
  )
}
