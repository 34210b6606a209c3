import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartTableRow {
  label: string;
  values: string[];
}

/**
 * A chart with its numbers beside it: the figure for the eye, a table (behind a disclosure) for
 * the screen reader and for anyone who needs the exact value.
 */
export function ChartCard({
  title, children, columns, rows, testId, empty,
}: { title: string; children: ReactNode; columns: string[]; rows: ChartTableRow[]; testId?: string; empty?: string }) {
  const { t } = useTranslation('statistics');
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="notice" data-testid={testId ? `${testId}-empty` : undefined}>{empty ?? t('charts.empty')}</p>
      ) : (
        <>
          {/* The figure is hidden from screen readers (the table below says it exactly), so nothing in
              it may take focus: the charts are drawn with recharts' accessibilityLayer off, which
              made each SVG a Tab stop inside aria-hidden (axe aria-hidden-focus). */}
          <div className="chart-box" aria-hidden="true">{children}</div>
          <details>
            <summary>{t('tableAlt', { title })}</summary>
            <table className="data-table">
              <thead>
                <tr>
                  {columns.map((c) => <th key={c} scope="col">{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    {row.values.map((v, i) => <td key={i}>{v}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
