import { useProgrammes } from '../../programmes/queries'
import { AskMentors } from './AskMentors'
import { MentorRequests } from './MentorRequests'

/**
 * Mentee-initiated matching, for the programmes that take requests: as a mentee, the suggested
 * mentors with why they fit, ranked and asked; as a mentor, the requests received, accepted or
 * declined with another mentor suggested instead.
 */
export function SuggestionsPage({ me }: { me: string }) {
  const programmes = useProgrammes()
  const open = (programmes.data ?? []).filter((p) => p.matchingMode !== 'MATCHING_MODE_ADMINISTRATOR_RUN' && (p.rules?.maxRequestsPerMentee ?? 0) > 0)
  return (
    <>
      <h1>Suggestions and mentor requests</h1>
      {programmes.isPending && <p>Loading…</p>}
      {programmes.isError && <p role="alert">Could not load the programmes: {programmes.error.message}</p>}
      {programmes.data && open.length === 0 && <p>No programme of your organisation takes mentor requests.</p>}
      {open.map((p) => (
        <section key={p.name} aria-label={p.displayName}>
          <h2>{p.displayName}</h2>
          <AskMentors programme={p.name!} me={me} />
          <MentorRequests programme={p.name!} me={me} />
        </section>
      ))}
    </>
  )
}
