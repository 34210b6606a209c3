import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveriesPreviewResult, ErrorData } from '../../../../preload/contract';
import type { DeliveryImportReport } from '../../../../preload/contract/records';
import { ErrorState } from '../../components/states';
import { settingsApi } from '../../api/settings';
import { toErrorData } from '../../api/client';
import { formatDate } from '../../i18n/format';

/** Rows shown in the preview table; the count says how many more the file holds. */
const SHOWN_ROWS = 50;

type Preview = Extract<DeliveriesPreviewResult, { canceled: false }>;

/**
 * Settings → Deliveries (issue 12): production's delivery CSV, read and checked first (every row
 * as it would be imported, every bad line by its number, the customers it would create), then
 * imported in one transaction, or not at all. Without delivery records every warranty decision is
 * "estimated from the date code".
 */
export function DeliveriesPanel({ canAct }: { canAct: boolean }) {
  const { t, i18n } = useTranslation('settings');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState<{ report: DeliveryImportReport; fileName: string } | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const choose = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await settingsApi.previewDeliveries();
      setPreview(r.canceled ? null : r);
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
      window.setTimeout(() => outcomeRef.current?.focus(), 0);
    }
  };
  const commit = async () => {
    if (preview === null) return;
    setBusy(true);
    setError(null);
    try {
      const report = await settingsApi.commitDeliveries(preview.token);
      setDone({ report, fileName: preview.fileName });
      setPreview(null);
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
      window.setTimeout(() => outcomeRef.current?.focus(), 0);
    }
  };
  const p = preview?.preview;
  const bad = (p?.errors.length ?? 0) > 0;
  return (
    <section className="card" aria-labelledby="deliveries-title" data-testid="deliveries-panel">
      <h2 id="deliveries-title">{t('deliveries.title')}</h2>
      <p className="muted">{t('deliveries.explain')}</p>
      <p className="muted">{t('deliveries.format')}</p>
      <div className="row">
        <button type="button" onClick={() => void choose()} disabled={busy || !canAct} data-testid="deliveries-choose">
          {t('deliveries.choose')}
        </button>
      </div>
      <div ref={outcomeRef} tabIndex={-1} className="deliveries__outcome" aria-live="polite">
        {error ? <ErrorState error={error} compact /> : null}
        {done !== null ? (
          <p className="notice notice--success" role="status" data-testid="deliveries-imported">
            <span aria-hidden="true">✔ </span>
            {t('deliveries.imported', { count: done.report.imported, customers: done.report.customersCreated, file: done.fileName })}
          </p>
        ) : null}
        {preview !== null && p !== undefined ? (
          <div data-testid="deliveries-preview" data-errors={p.errors.length} data-rows={p.rows.length}>
            <h3>{t('deliveries.previewTitle', { file: preview.fileName })}</h3>
            <p>{t('deliveries.summary', { total: p.total, good: p.rows.length, bad: p.errors.length })}</p>
            {p.newCustomers.length > 0 ? <p className="muted">{t('deliveries.newCustomers', { names: p.newCustomers.join(', ') })}</p> : null}
            {bad ? (
              <div className="state state--error state--compact" role="alert">
                <p className="state__title">{t('deliveries.badLines', { count: p.errors.length })}</p>
                <ul data-testid="deliveries-errors">
                  {p.errors.map((e) => (
                    <li key={`${e.line}-${e.message}`} data-line={e.line}>
                      {t('deliveries.line', { line: e.line })}: {e.problems && e.problems.length > 0 ? e.problems.map((x) => t(`deliveries.problem.${x.code}`, x.args ?? {})).join(t('deliveries.problemSeparator')) : e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {p.rows.length > 0 ? (
              <table className="data-table">
                <caption className="visually-hidden">{t('deliveries.previewTitle', { file: preview.fileName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('deliveries.col.line')}</th>
                    <th scope="col">{t('deliveries.col.serial')}</th>
                    <th scope="col">{t('deliveries.col.customer')}</th>
                    <th scope="col">{t('deliveries.col.deliveredOn')}</th>
                    <th scope="col">{t('deliveries.col.partNumber')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.rows.slice(0, SHOWN_ROWS).map((r) => (
                    <tr key={r.line} data-line={r.line}>
                      <td>{r.line}</td>
                      <td className="code">{r.serial}</td>
                      <td>
                        {r.customer}
                        {r.newCustomer ? <span className="badge badge--muted"> {t('deliveries.new')}</span> : null}
                      </td>
                      <td>{formatDate(`${r.deliveredOn}T00:00:00Z`, i18n.language)}</td>
                      <td className="code">{r.partNumber ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {p.rows.length > SHOWN_ROWS ? <p className="muted">{t('deliveries.more', { count: p.rows.length - SHOWN_ROWS })}</p> : null}
            <div className="row">
              <button type="button" className="primary" onClick={() => void commit()} disabled={busy || bad || p.rows.length === 0} aria-describedby={bad ? 'deliveries-why' : undefined} data-testid="deliveries-import">
                {t('deliveries.import', { count: p.rows.length })}
              </button>
              <button type="button" onClick={() => setPreview(null)} disabled={busy}>
                {t('common:action.cancel')}
              </button>
              {bad ? (
                <span className="field__hint" id="deliveries-why">
                  {t('deliveries.fixFirst')}
                </span>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
