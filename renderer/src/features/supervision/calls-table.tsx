// Every follow-up call on record, newest first, paged on the server (calls:list): the supervisor
// reviews satisfaction and remarks beside this week's random pick.
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallListRow } from '../../../../preload/contract/records';
import { DataTable } from '../../components/data-table';
import { CALLS_PAGE_SIZE, loadCalls, useSupervisionStore, type CallFilter } from '../../stores/supervision-store';
import { formatDate } from '../repairs/format';
import './supervision.css';

const col = createColumnHelper<CallListRow>();

export function CallsTable() {
  const { t, i18n } = useTranslation('supervision');
  const calls = useSupervisionStore((s) => s.calls);
  const filter = useSupervisionStore((s) => s.callFilter);
  const technicians = useSupervisionStore((s) => s.technicians);
  const loading = useSupervisionStore((s) => s.loading);
  const [draft, setDraft] = useState<CallFilter>(filter);

  useEffect(() => {
    void loadCalls();
  }, []);

  const locale = i18n.language;
  const columns = useMemo(
    () => [
      col.accessor('rmaNumber', { header: () => t('calls.col.case'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('customerName', { header: () => t('calls.col.customer'), cell: (c) => c.getValue() }),
      col.accessor('technicianName', { header: () => t('calls.col.technician'), cell: (c) => c.getValue() ?? '—' }),
      col.accessor('callerName', { header: () => t('calls.col.caller'), cell: (c) => c.getValue() }),
      col.accessor('calledAt', { header: () => t('calls.col.calledAt'), cell: (c) => formatDate(c.getValue(), locale) }),
      col.accessor('satisfaction', {
        header: () => t('calls.col.satisfaction'),
        // Stars for the eye, the figure in words for everyone (colour and glyphs are not the only carrier).
        cell: (c) => (
          <span>
            <span className="stars" aria-hidden="true">{'★'.repeat(c.getValue())}{'☆'.repeat(5 - c.getValue())}</span>{' '}
            {t('followUps.score', { score: c.getValue() })}
          </span>
        ),
      }),
      col.accessor('remarks', { header: () => t('calls.col.remarks'), cell: (c) => c.getValue() ?? '' }),
    ],
    [t, locale],
  );

  const page = calls === null ? 0 : Math.floor(calls.offset / CALLS_PAGE_SIZE);
  const pages = calls === null ? 0 : Math.max(1, Math.ceil(calls.total / CALLS_PAGE_SIZE));
  const apply = (next: CallFilter) => {
    setDraft(next);
    void loadCalls(next, 0);
  };

  return (
    <section className="panel" aria-labelledby="calls-heading">
      <h2 id="calls-heading">{t('calls.heading')}</h2>
      <form className="filter-bar" aria-label={t('calls.filters')} onSubmit={(e) => { e.preventDefault(); apply(draft); }}>
        <div className="field">
          <label htmlFor="calls-from">{t('calls.from')}</label>
          <input id="calls-from" className="input" type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor="calls-to">{t('calls.to')}</label>
          <input id="calls-to" className="input" type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor="calls-technician">{t('calls.technician')}</label>
          <select id="calls-technician" className="select" value={draft.technicianId ?? ''}
            onChange={(e) => setDraft({ ...draft, technicianId: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">{t('calls.anyTechnician')}</option>
            {technicians.filter((x) => x.role === 'technician').map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </div>
        <button type="submit" className="button" disabled={loading}>{t('calls.apply')}</button>
      </form>
      {calls !== null && (
        <>
          <div data-testid="calls-table" data-total={calls.total}>
            <DataTable columns={columns} data={calls.items} emptyText={t('calls.empty')}
              getRowProps={(row) => ({ 'data-rma': row.original.rmaNumber })} />
          </div>
          <nav className="pager" aria-label={t('calls.pages')}>
            <button type="button" className="button" disabled={page === 0 || loading} onClick={() => void loadCalls(filter, page - 1)}>
              {t('calls.previous')}
            </button>
            <span role="status" data-testid="calls-page">
              {t('calls.pageOf', { page: page + 1, pages, total: calls.total.toLocaleString(locale), count: calls.total })}
            </span>
            <button type="button" className="button" disabled={page + 1 >= pages || loading} onClick={() => void loadCalls(filter, page + 1)}>
              {t('calls.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
