/** What a participant will do here that this app does not offer yet (the API has it): said, not faked. */
export function NotYetAvailableList() {
  return (
    <section aria-labelledby="later-heading">
      <h2 id="later-heading">Not yet available here</h2>
      <ul>
        <li>Goals and milestones</li>
        <li>Agendas and attendance</li>
        <li>Session records and the journal</li>
        <li>The pulse, fit-check prompts and the closing evaluation</li>
      </ul>
    </section>
  )
}
