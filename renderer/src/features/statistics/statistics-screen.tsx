import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { ChartLegend } from '../../components/chart-legend';
import type { Statistics } from '../../../../preload/contract/records';
import { applyStatisticsFilters, loadStatistics, searchStatisticsCustomers, useStatisticsStore, type StatsDraft } from '../../stores/statistics-store';
import { useDebouncedValue } from '../repairs/use-debounced-value';
import { ChartCard } from './chart-card';
import { durationUnit, UNIT_S } from './duration';
import { ErrorNotice } from '../repairs/error-notice';
import '../repairs/repairs.css';
import './statistics.css';

// A strong blue / orange pair that stays apart for the common colour-vision deficiencies.
const C1 = '#0b5cad';
const C2 = '#c25400';
const DECISION_COLOURS: Record<string, string> = {
  replace: '#0b5cad', repair: '#5b8fd1', 'no-fault-found': '#c25400', 'not-covered': '#6b6b6b', 'out-of-warranty': '#a0a0a0', 'needs-evidence': '#8a6d00',
};

export function StatisticsScreen() {
  const { t } = useTranslation('statistics');
  const data = useStatisticsStore((s) => s.data);
  const loading = useStatisticsStore((s) => s.loading);
  const error = useStatisticsStore((s) => s.error);

  useEffect(() => {
    void loadStatistics();
  }, []);

  const filtersActive = useStatisticsStore((s) => s.filters.from !== null || s.filters.to !== null || s.filters.customerId !== null || s.filters.partNumber !== null);
  return (
    <section className="statistics" aria-labelledby="statistics-heading" aria-busy={loading}>
      <header className="feature-header">
        <h1 id="statistics-heading">{t('title')}</h1>
        {loading && <span role="status">{t('loading')}</span>}
      </header>
      <StatsFilterBar />
      {error && <ErrorNotice error={error} onRetry={() => void loadStatistics()} />}
      {data && <Dashboard data={data} filtered={filtersActive} />}
    </section>
  );
}

function StatsFilterBar() {
  const { t } = useTranslation('statistics');
  const filters = useStatisticsStore((s) => s.filters);
  const customerOptions = useStatisticsStore((s) => s.customerOptions);
  const partNumberRows = useStatisticsStore((s) => s.data?.byPartNumber);
  const [draft, setDraft] = useState<StatsDraft>(() => ({
    from: filters.from, to: filters.to, customerText: filters.customerName ?? '', partNumber: filters.partNumber ?? '',
  }));
  const [unknownCustomer, setUnknownCustomer] = useState<string | null>(null);
  const customerTerm = useDebouncedValue(draft.customerText, 200);
  useEffect(() => {
    void searchStatisticsCustomers(customerTerm);
  }, [customerTerm]);
  // Suggest the part numbers the dashboard already counts; any other part number can be typed.
  const partNumbers = (partNumberRows ?? []).map((r) => r.key).filter((k) => k !== '(unknown)');
  const apply = async (next: StatsDraft) => {
    setDraft(next);
    const outcome = await applyStatisticsFilters(next);
    setUnknownCustomer(outcome === 'unknown-customer' ? next.customerText.trim() : null);
  };
  return (
    <form className="filter-bar" aria-label={t('filters.label')} onSubmit={(e) => { e.preventDefault(); void apply(draft); }}>
      <div className="field">
        <label htmlFor="stats-from">{t('filters.from')}</label>
        <input id="stats-from" className="input" type="date" value={draft.from ?? ''}
          onChange={(e) => setDraft({ ...draft, from: e.target.value || null })} />
      </div>
      <div className="field">
        <label htmlFor="stats-to">{t('filters.to')}</label>
        <input id="stats-to" className="input" type="date" value={draft.to ?? ''}
          onChange={(e) => setDraft({ ...draft, to: e.target.value || null })} />
      </div>
      <div className="field">
        <label htmlFor="stats-customer">{t('filters.customer')}</label>
        <input id="stats-customer" className="input" type="search" list="stats-customer-options" autoComplete="off"
          placeholder={t('filters.any')} value={draft.customerText}
          aria-invalid={unknownCustomer !== null} aria-describedby={unknownCustomer !== null ? 'stats-customer-error' : undefined}
          onChange={(e) => { setDraft({ ...draft, customerText: e.target.value }); setUnknownCustomer(null); }} />
        <datalist id="stats-customer-options">
          {customerOptions.map((c) => <option key={c.id} value={c.name} />)}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="stats-pn">{t('filters.partNumber')}</label>
        <input id="stats-pn" className="input" type="search" list="stats-pn-options" autoComplete="off" spellCheck={false}
          placeholder={t('filters.any')} value={draft.partNumber}
          onChange={(e) => setDraft({ ...draft, partNumber: e.target.value })} />
        <datalist id="stats-pn-options">
          {partNumbers.map((pn) => <option key={pn} value={pn} />)}
        </datalist>
      </div>
      <button type="submit" className="button button--primary">{t('filters.apply')}</button>
      <button type="button" className="button" onClick={() => void apply({ from: null, to: null, customerText: '', partNumber: '' })}>{t('filters.clear')}</button>
      {unknownCustomer !== null && (
        <p className="field-error" id="stats-customer-error" role="alert">{t('filters.unknownCustomer', { name: unknownCustomer })}</p>
      )}
      {(filters.customerName !== null || filters.partNumber !== null) && (
        <p className="filter-summary" data-testid="stats-active-filters">
          {[
            filters.customerName !== null ? t('filters.activeCustomer', { name: filters.customerName }) : null,
            filters.partNumber !== null ? t('filters.activePartNumber', { pn: filters.partNumber }) : null,
          ].filter((x) => x !== null).join(' · ')}
        </p>
      )}
    </form>
  );
}

function Dashboard({ data, filtered }: { data: Statistics; filtered: boolean }) {
  const { t, i18n } = useTranslation(['statistics', 'repairs']);
  const locale = i18n.language;
  const num = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const unit = durationUnit(data.firstResponse, data.closure);
  const inUnit = (s: number | null) => (s === null ? null : s / UNIT_S[unit]);
  const dur = (s: number | null) => {
    const v = inUnit(s);
    return v === null ? t('duration.none') : t(`duration.${unit}`, { value: Number(v.toFixed(1)) });
  };
  const monthLabel = (m: string) => {
    const d = new Date(`${m}-01T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? m : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
  };
  const months = data.byMonth.map((m) => ({ label: monthLabel(m.key), cases: m.count }));
  // "integrity:checksumBase": ':' would read as an i18n namespace separator in a key.
  const modeLabel = (k: string) => t(`mode.${k.replace(':', '_')}`, { defaultValue: k });
  const modes = data.byFailureMode.map((m) => ({ label: modeLabel(m.key), count: m.count }));
  // '(unknown)': neither the intake nor a read of the module gave a part number.
  const pns = data.byPartNumber.map((m) => ({ label: m.key === '(unknown)' ? t('unknownPartNumber') : m.key, count: m.count }));
  const decisions = data.byDecision.map((d) => ({ key: d.key, label: t(`warranty:decision.${d.key}`, { defaultValue: d.key }), count: d.count }));
  // A bar of nothing is no figure: only the times some case has reached (a fresh lab has none).
  const turnaround = [
    { label: t('charts.firstResponse'), median: inUnit(data.firstResponse.medianS), p90: inUnit(data.firstResponse.p90S) },
    { label: t('charts.closure'), median: inUnit(data.closure.medianS), p90: inUnit(data.closure.p90S) },
  ].filter((r) => r.median !== null || r.p90 !== null);
  // The empty charts say why: nothing recorded yet, or nothing for the filters chosen.
  const empty = filtered ? t('charts.empty') : data.total === 0 ? t('charts.emptyNoCases') : t('charts.emptyNotYet');
  const noAnim = { isAnimationActive: false } as const;

  return (
    <>
      <div className="kpi-row" data-testid="stats-kpis">
        <Kpi label={t('kpi.cases')} value={num.format(data.total)} testId="kpi-cases" />
        <Kpi label={t('kpi.nffRate')} value={data.nffRate === null ? '—' : pct.format(data.nffRate)} testId="kpi-nff" />
        <Kpi label={t('kpi.firstResponseMedian')} value={dur(data.firstResponse.medianS)} />
        <Kpi label={t('kpi.firstResponseP90')} value={dur(data.firstResponse.p90S)} />
        <Kpi label={t('kpi.closureMedian')} value={dur(data.closure.medianS)} />
        <Kpi label={t('kpi.closureP90')} value={dur(data.closure.p90S)} />
      </div>
      <div className="chart-grid">
        <ChartCard empty={empty} testId="chart-by-month" title={t('charts.byMonth')} columns={['', t('charts.cases')]}
          rows={months.map((m) => ({ label: m.label, values: [num.format(m.cases)] }))}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={months} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" minTickGap={12} />
              <YAxis allowDecimals={false} tickFormatter={(v: number) => num.format(v)} />
              <Tooltip formatter={(v) => num.format(Number(v))} />
              <Bar dataKey="cases" name={t('charts.cases')} fill={C1} {...noAnim} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard empty={empty} testId="chart-nff" title={t('charts.decisions', { rate: data.nffRate === null ? '—' : pct.format(data.nffRate) })}
          columns={['', t('charts.cases')]} rows={decisions.map((d) => ({ label: d.label, values: [num.format(d.count)] }))}>
          <ResponsiveContainer>
            <PieChart accessibilityLayer={false}>
              <Pie rootTabIndex={-1} data={decisions} dataKey="count" nameKey="label" innerRadius="45%" outerRadius="80%" label={({ percent }) => pct.format(Number(percent))} {...noAnim}>
                {decisions.map((d) => <Cell key={d.key} fill={DECISION_COLOURS[d.key] ?? '#888'} />)}
              </Pie>
              <Tooltip formatter={(v) => num.format(Number(v))} />
              <Legend content={<ChartLegend />} />
            </PieChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard empty={empty} testId="chart-failure-modes" title={t('charts.failureModes')} columns={['', t('charts.cases')]}
          rows={modes.map((m) => ({ label: m.label, values: [num.format(m.count)] }))}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={modes} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => num.format(v)} />
              <YAxis type="category" dataKey="label" width={170} interval={0} />
              <Tooltip formatter={(v) => num.format(Number(v))} />
              <Bar dataKey="count" name={t('charts.cases')} fill={C1} {...noAnim} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard empty={empty} testId="chart-part-numbers" title={t('charts.partNumbers')} columns={['', t('charts.cases')]}
          rows={pns.map((m) => ({ label: m.label, values: [num.format(m.count)] }))}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={pns} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => num.format(v)} />
              <YAxis type="category" dataKey="label" width={170} interval={0} />
              <Tooltip formatter={(v) => num.format(Number(v))} />
              <Bar dataKey="count" name={t('charts.cases')} fill={C2} {...noAnim} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard empty={empty} testId="chart-turnaround" title={`${t('charts.turnaround')} (${t(`charts.${unit}`)})`}
          columns={['', t('charts.median'), t('charts.p90')]}
          rows={turnaround.map((r) => ({
            label: r.label,
            values: [r.median === null ? '—' : dec.format(r.median), r.p90 === null ? '—' : dec.format(r.p90)],
          }))}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={turnaround} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals tickCount={6} domain={[0, 'auto']} tickFormatter={(v: number) => dec.format(v)} />
              <Tooltip formatter={(v) => dec.format(Number(v))} />
              <Legend content={<ChartLegend />} />
              <Bar dataKey="median" name={t('charts.median')} fill={C1} {...noAnim} />
              <Bar dataKey="p90" name={t('charts.p90')} fill={C2} {...noAnim} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </div>
    </>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="panel kpi" data-testid={testId}>
      <div className="kpi__label">{label}</div>
      <div className="kpi__value">{value}</div>
    </div>
  );
}
