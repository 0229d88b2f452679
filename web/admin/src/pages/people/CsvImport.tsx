import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { rawFetch } from '../../api/raw'
import type { Refusal } from '../../api/call'
import { peopleKey } from './people'

type Row = { line: number; externalId: string; outcome: string; person: string; violations: { field: string; description: string }[] }
type Report = { dryRun: boolean; created: number; updated: number; unchanged: number; rejected: number; rows: Row[] }

/**
 * CSV import: choose a file, check it (a dry run: every row's outcome and errors, nothing written),
 * then apply exactly what was checked. And the export of everyone, as the same CSV.
 */
export function CsvImport() {
  const queryClient = useQueryClient()
  const [csv, setCsv] = useState<{ name: string; text: string }>()
  const [report, setReport] = useState<Report>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const send = async (dryRun: boolean) => {
    if (!csv) return
    setBusy(true); setError(undefined)
    try {
      const response = await rawFetch(`/profile/v1/people:importCsv?dryRun=${dryRun}`, {
        method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv.text,
      })
      setReport(await response.json() as Report)
      if (!dryRun) await queryClient.invalidateQueries({ queryKey: peopleKey })
    } catch (e) {
      setError((e as Refusal).message)
    } finally {
      setBusy(false)
    }
  }
  const exportAll = async () => {
    setError(undefined)
    try {
      const blob = await (await rawFetch('/profile/v1/people:exportCsv')).blob()
      const url = URL.createObjectURL(blob)
      const a = Object.assign(document.createElement('a'), { href: url, download: 'people.csv' })
      a.click()
      URL.revokeObjectURL(url)
    } catch (e) {
      setError((e as Refusal).message)
    }
  }

  return (
    <section aria-labelledby="csv-heading">
      <h2 id="csv-heading">Import and export (CSV)</h2>
      <p className="hint">
        Columns: external_id, display_name, email, area_of_work, seniority_level, roles, skills (name:level;…), time_zone,
        languages, meeting_formats, mentor_capacity, status. Rows are matched by external_id: a row again updates that person.
      </p>
      <div className="field">
        <label htmlFor="csv-file">CSV file</label>
        <input id="csv-file" type="file" accept=".csv,text/csv"
          onChange={async (e) => { const f = e.target.files?.[0]; setReport(undefined); setCsv(f ? { name: f.name, text: await f.text() } : undefined) }} />
      </div>
      <div className="actions">
        <button type="button" disabled={!csv || busy} onClick={() => send(true)}>Check the file</button>
        <button type="button" disabled={!csv || busy || !report?.dryRun} onClick={() => send(false)}>
          Apply {report?.dryRun ? `${report.created + report.updated} changes` : ''}
        </button>
        <button type="button" onClick={exportAll}>Export everyone as CSV</button>
      </div>
      <div role="status">
        {error && <p className="error">{error}</p>}
        {report && (
          <p>
            {report.dryRun ? 'Checked, nothing written' : 'Applied'}: {report.created} to create, {report.updated} to update, {report.unchanged} unchanged,
            {' '}{report.rejected} refused{report.dryRun && report.rejected > 0 ? ' (applying leaves the refused rows out)' : ''}.
          </p>
        )}
      </div>
      {report && (
        <table>
          <caption className="visually-hidden">Rows of {csv?.name}</caption>
          <thead><tr><th scope="col">Line</th><th scope="col">External id</th><th scope="col">Outcome</th><th scope="col">Problems</th></tr></thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.line} className={r.outcome === 'REJECTED' ? 'error' : undefined}>
                <td>{r.line}</td>
                <td>{r.externalId}</td>
                <td>{r.outcome.toLowerCase()}</td>
                <td>{r.violations.map((v) => `${v.field}: ${v.description}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
