import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadScorecards, useSupervisionStore } from '../../stores/supervision-store';

export function ScorecardsPanel() {
  const { t, i18n } = useTranslation('supervision');
  const scorecards = useSupervisionStore((s) => s.scorecards);
  const period = useSupervisionStore((s) => s.scorePeriod);
  const loading = useSupervisionStore((s) => s.loading);
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');

  useEffect(() => {
    void loadScorecards();
  }, []);

  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const one = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2, minimumFractionDigits: 1 });
  return (
    <section className="panel" aria-labelledby="scorecards-heading">
      <h2 id="scorecards-heading">{t('scorecards.heading')}</h2>
      <form className="filter-bar" onSubmit={(e) => {
        e.preventDefault();
        void loadScorecards({ from: from === '' ? null : from, to: to === '' ? null : to });
      }}>
        <div className="field">
          <label htmlFor="score-from">{t('scorecards.periodFrom')}</label>
          <input id="score-from" className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="score-to">{t('scorecards.periodTo')}</label>
          <input id="score-to" className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={loading}>{t('scorecards.apply')}</button>
      </form>
      {scorecards.length === 0 && !loading ? <p>{t('scorecards.empty')}</p> : (
        <table className="data-table" data-testid="scorecards">
          <thead>
            <tr>
              <th scope="col">{t('scorecards.col.technician')}</th>
              <th scope="col">{t('scorecards.col.cases')}</th>
              <th scope="col">{t('scorecards.col.nffRate')}</th>
              <th scope="col">{t('scorecards.col.satisfaction')}</th>
              <th scope="col">{t('scorecards.col.calls')}</th>
              <th scope="col">{t('scorecards.col.complaints')}</th>
            </tr>
          </thead>
          <tbody>
            {scorecards.map((s) => (
              <tr key={s.technicianId} data-code={s.code}>
                <th scope="row">{s.name}</th>
                <td className="big-value">{s.cases.toLocaleString(i18n.language)}</td>
                <td>{s.nffRate === null ? '—' : pct.format(s.nffRate)}</td>
                <td>{s.averageSatisfaction === null ? t('scorecards.noScore') : one.format(s.averageSatisfaction)}</td>
                <td>{s.calls.toLocaleString(i18n.language)}</td>
                <td>
                  {s.complaints.toLocaleString(i18n.language)}
                  {s.openComplaints > 0 ? ` (${t('scorecards.open', { count: s.openComplaints })})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
