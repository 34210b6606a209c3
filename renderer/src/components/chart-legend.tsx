import type { LegendPayload } from 'recharts';

/**
 * A chart's legend as a plain list. Recharts' own legend labels each swatch "<name> legend icon"
 * in English for screen readers, whatever the page's language; the swatch here is decoration
 * (aria-hidden) and the series is named once, in the page's words.
 */
export function ChartLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  if (!payload || payload.length === 0) return null;
  return (
    <ul className="chart-legend">
      {payload.map((p) => (
        <li key={String(p.value)}>
          <span className="chart-legend__swatch" aria-hidden="true" style={{ background: p.color }} />
          {p.value}
        </li>
      ))}
    </ul>
  );
}
