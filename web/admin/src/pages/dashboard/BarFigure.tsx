import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

/**
 * A bar chart (Recharts) with its numbers as a table under it: the chart for the eye, the table
 * for screen readers and for reading exact values.
 */
export function BarFigure<T extends Record<string, string | number>>({ id, title, data, label, labelName, value, valueName }: {
  id: string
  title: string
  data: T[]
  label: keyof T & string
  labelName: string
  value: keyof T & string
  valueName: string
}) {
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div aria-hidden="true" style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={label as string} interval={0} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey={value as string} name={valueName} fill="#1f4e8c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table>
        <thead><tr><th scope="col">{labelName}</th><th scope="col">{valueName}</th></tr></thead>
        <tbody>{data.map((d) => <tr key={String(d[label])}><td>{d[label]}</td><td>{d[value]}</td></tr>)}</tbody>
      </table>
    </figure>
  )
}
