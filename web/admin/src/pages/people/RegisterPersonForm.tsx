import { useState, type FormEvent } from 'react'
import { useDraft } from '../../useDraft'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { otherViolations, violationOf } from '../../api/violations'
import { Field } from '../Field'
import { ChoiceGroup } from '../ChoiceGroup'
import { meetingFormats, peopleKey, roles, seniorityLevels, type MeetingFormat, type PersonRole, type SeniorityLevel } from './people'

const empty = {
  displayName: '', email: '', areaOfWork: '', seniorityLevel: '' as SeniorityLevel | '', roles: [] as PersonRole[],
  mentorCapacity: '', languages: '', meetingFormats: [] as MeetingFormat[], timeZone: '', skills: '',
}
const shownFields = ['displayName', 'email', 'areaOfWork', 'seniorityLevel', 'roles', 'mentorCapacity', 'languages', 'meetingFormats', 'timeZone', 'skills']

/** "mathematics:5, negotiation" → [{name: "mathematics", level: 5}, {name: "negotiation", level: 0}] (the server judges the levels). */
export function parseSkills(text: string): { name: string; level: number }[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [name, level] = s.split(':').map((x) => x.trim())
    return { name, level: Number(level) || 0 }
  })
}

export function RegisterPersonForm() {
  const queryClient = useQueryClient()
  // kept in the tab while typed: a session that ends mid-way loses nothing
  const draft = useDraft('register-person', () => empty)
  const form = draft.value
  const [rejected, setRejected] = useState<Refusal>()
  const [registered, setRegistered] = useState<string>()
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) => draft.update({ ...form, [key]: value })

  const register = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people', {
        body: {
          displayName: form.displayName,
          email: form.email,
          areaOfWork: form.areaOfWork,
          seniorityLevel: form.seniorityLevel || 'SENIORITY_LEVEL_UNSPECIFIED',
          roles: form.roles,
          mentorCapacity: form.mentorCapacity === '' ? undefined : Number(form.mentorCapacity),
          languages: form.languages.split(',').map((l) => l.trim()).filter(Boolean),
          meetingFormats: form.meetingFormats,
          timeZone: form.timeZone || undefined,
          skills: parseSkills(form.skills),
        },
      }), 'person'),
    onSuccess: (person) => {
      setRejected(undefined)
      setRegistered(person.displayName)
      draft.clear(empty)
      return queryClient.invalidateQueries({ queryKey: peopleKey })
    },
    onError: (e: Refusal) => {
      setRegistered(undefined)
      setRejected(e)
    },
  })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    register.mutate()
  }
  const fields = rejected?.fields ?? {}
  const others = otherViolations(fields, shownFields)
  const text = (key: 'displayName' | 'email' | 'areaOfWork' | 'mentorCapacity' | 'languages' | 'timeZone' | 'skills', labelText: string, hint?: string) => (
    <Field id={key} label={labelText} error={violationOf(fields, key)} hint={hint}>
      {(props) => <input {...props} value={form[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  )

  return (
    <section aria-labelledby="register-heading">
      <h2 id="register-heading">Register a person</h2>
      <form onSubmit={submit} noValidate>
        {text('displayName', 'Name')}
        {text('email', 'E-mail')}
        {text('areaOfWork', 'Area of work', 'e.g. engineering; mentors and mentees of one-to-one programmes share it')}
        <Field id="seniorityLevel" label="Seniority" error={violationOf(fields, 'seniorityLevel')}>
          {(props) => (
            <select {...props} value={form.seniorityLevel} onChange={(e) => set('seniorityLevel', e.target.value as SeniorityLevel | '')}>
              <option value="">Choose a level</option>
              {seniorityLevels.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
            </select>
          )}
        </Field>
        <ChoiceGroup id="roles" legend="Roles" options={roles} chosen={form.roles} onChange={(v) => set('roles', v)} error={violationOf(fields, 'roles')} />
        {text('mentorCapacity', 'Mentees at once (mentors)')}
        {text('skills', 'Skills', 'name:level (1 aware to 5 expert), separated by commas, e.g. mathematics:5, negotiation:3')}
        {text('languages', 'Languages', 'BCP 47 tags separated by commas, e.g. en, pt-BR')}
        <ChoiceGroup id="meetingFormats" legend="Meeting formats" options={meetingFormats} chosen={form.meetingFormats} onChange={(v) => set('meetingFormats', v)} error={violationOf(fields, 'meetingFormats')} />
        {text('timeZone', 'Time zone', 'IANA name, e.g. Europe/London; UTC when empty')}
        <button type="submit" disabled={register.isPending}>Register person</button>
        <div role="status">
          {rejected && Object.keys(fields).length === 0 && <p className="error">{rejected.message}</p>}
          {others.length > 0 && <ul className="error">{others.map((o) => <li key={o}>{o}</li>)}</ul>}
          {registered && <p>{registered} registered.</p>}
        </div>
      </form>
    </section>
  )
}
