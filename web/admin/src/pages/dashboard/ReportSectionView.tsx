import type { components } from '../../api/schema'
import { BarFigure } from './BarFigure'

type Section = components['schemas']['mentoring.reporting.v1.ReportSection']

/**
 * A service's section of the programme report as the reporting job renders it: each table, a bar
 * chart where the service asks for one, and a figure from fewer than `minimumGroup` people withheld.
 */
export function ReportSectionView({ section }: { section: Section }) {
  const withheld = `fewer than ${section.minimumGroup ?? 5} people: not shown`
  return (
    <>
      {(section.tables ?? []).map((t) => {
        const rows = t.rows ?? []
        const drawable = t.chart === 'CHART_KIND_BAR' && rows.every((r) => !r.values?.[0]?.suppressed)
        return (
          <div key={t.id}>
            {drawable ? (
              <BarFigure id={`${section.id}-${t.id}`} title={t.title ?? ''} label="label" labelName="Measure" value="value" valueName={t.columns?.[0] ?? ''}
                data={rows.map((r) => ({ label: r.label ?? '', value: r.values?.[0]?.value ?? 0 }))} />
            ) : (
              <table>
                <caption>{t.title}</caption>
                <thead><tr><th scope="col">Measure</th>{(t.columns ?? []).map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.label}>
                      <th scope="row">{r.label}</th>
                      {(r.values ?? []).map((v, i) => <td key={i}>{v.suppressed ? withheld : v.value ?? 0}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {t.note && <p className="hint">{t.note}</p>}
          </div>
        )
      })}
    </>
  )
}
