import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { TEST_RUN_ROLES } from '../../../../preload/contract/records';
import { Dialog } from '../../components/dialog';
import { ErrorState } from '../../components/states';
import { formatDate } from '../../i18n/format';
import { chooseSearchedCase, findCases, selectAttachCase, setAttachQuery, setAttachRole, useAttachStore } from '../../stores/bench-store';

/**
 * Another case than the one proposed: found by scanning or typing a serial or RMA number. A
 * barcode scanner is a keyboard that ends with Enter: the first Enter searches, a second Enter on
 * the same text takes the highlighted case, and the bench's Attach button (focused again) attaches
 * to it. Only cases that can take evidence are listed.
 */
export function AttachDialog({ open, onClose, result }: { open: boolean; onClose: (chosen: boolean) => void; result: BenchReadResult }) {
  const { t, i18n } = useTranslation(['bench', 'repairs']);
  const a = useAttachStore();
  const selected = a.results?.find((r) => r.id === a.selectedCaseId) ?? null;
  // A scanner types a new number over the old one: Enter then searches it, it never takes the old match.
  const resultsMatchInput = a.results !== null && a.searchedQuery === a.query.trim();

  const choose = () => {
    if (chooseSearchedCase()) onClose(true);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const list = a.results ?? [];
      const i = list.findIndex((r) => r.id === a.selectedCaseId);
      const next = list[Math.max(0, Math.min(list.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) selectAttachCase(next.id);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (resultsMatchInput && selected) choose();
      else if (a.pendingQuery !== a.query.trim()) void findCases(a.query);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('attach.title')}
      onClose={() => onClose(false)}
      className="attach-dialog"
      footer={
        <>
          <button type="button" onClick={() => onClose(false)}>
            {t('common:action.cancel')}
          </button>
          <button type="button" className="primary" disabled={!selected} onClick={choose} data-testid="attach-use-case">
            {t('attach.useCase')}
          </button>
        </>
      }
    >
      <p className="muted">{t('attach.module', { serial: result.module.vendor.serialNumber || '—', pn: result.module.vendor.partNumber || '—' })}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="attach-dialog__search">
          {t('attach.search')}
          <input
            data-autofocus
            value={a.query}
            onChange={(e) => setAttachQuery(e.target.value)}
            onKeyDown={onKeyDown}
            maxLength={64}
            data-testid="attach-query"
            aria-describedby="attach-hint"
            // Only while the list exists: an id naming nothing is an invalid reference (axe aria-valid-attr-value).
            aria-controls={a.results && a.results.length > 0 ? 'attach-results' : undefined}
          />
        </label>
        <button type="button" onClick={() => void findCases(a.query)} disabled={a.searching || !a.query.trim()}>
          {t('attach.find')}
        </button>
      </form>
      <p id="attach-hint" className="muted">
        {t('attach.hint')}
      </p>
      {a.error ? <ErrorState error={a.error} compact /> : null}
      {a.results && a.results.length === 0 ? <p role="status">{t('attach.noMatch', { q: a.query })}</p> : null}
      {a.results && a.results.length > 0 ? (
        <div role="listbox" id="attach-results" aria-label={t('attach.results')} className="attach-dialog__results" data-testid="attach-results">
          {a.results.map((c) => (
            <button
              type="button"
              role="option"
              key={c.id}
              tabIndex={-1}
              aria-selected={c.id === a.selectedCaseId}
              className={c.id === a.selectedCaseId ? 'is-active' : ''}
              onClick={() => selectAttachCase(c.id)}
              onDoubleClick={choose}
              data-rma={c.rmaNumber}
            >
              <strong>{c.rmaNumber}</strong> · {c.moduleSerial} · {c.customerName} · {t(`repairs:status.${c.status}`)} · {formatDate(c.notifiedAt, i18n.language)}
            </button>
          ))}
        </div>
      ) : null}
      <fieldset className="attach-dialog__role">
        <legend>{t('attach.role')}</legend>
        {TEST_RUN_ROLES.map((role) => (
          <label key={role} className="inline">
            <input type="radio" name="attach-dialog-role" value={role} checked={a.role === role} onChange={() => setAttachRole(role)} />
            {t(`attach.${role}`)}
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
