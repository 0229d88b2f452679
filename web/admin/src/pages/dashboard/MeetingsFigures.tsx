import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, type Refusal } from '../../api/call'
import { ReportSectionView } from './ReportSectionView'
import { periodEndingNow, periods, type PeriodDays } from './dashboard'

/** Meetings planned, held, missed and cancelled, and attendance: scheduling's report section, as the reporting job shows it. */
export function MeetingsFigures({ programmeId }: { programmeId: string }) {
  const [days, setDays] = useState<PeriodDays>(90)
  const section = useQuery({
    queryKey: ['scheduling', 'report-section', programmeId, days],
    queryFn: () => {
      const { startTime, endTime } = periodEndingNow(days, new Date())
      return data(api.GET('/scheduling/v1/programmes/{programmeId}/reportSection', { params: { path: { programmeId }, query: { startTime, endTime } } }))
    },
  })
  return (
    <section aria-labelledby="meetings-figures">
      <h2 id="meetings-figures">Meetings</h2>
      <div className="field">
        <label htmlFor="meetings-period">Meetings that started in</label>
        <select id="meetings-period" value={days} onChange={(e) => setDays(Number(e.target.value) as PeriodDays)}>
          {periods.map((p) => <option key={p.days} value={p.days}>{p.label}</option>)}
        </select>
      </div>
      {section.isError && ((section.error as Refusal).status === 404
        ? <p>No meetings yet: no relationship of this programme has been scheduled.</p>
        : <p role="alert">Could not load the meetings: {section.error.message}</p>)}
      {section.data && <ReportSectionView section={section.data} />}
    </section>
  )
}
