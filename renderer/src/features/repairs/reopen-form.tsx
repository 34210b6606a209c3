import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reopenCase, useActionError } from '../../stores/cases-store';
import { useHasRole } from '../../stores/session-store';
import { ErrorNotice } from './error-notice';

/** Supervisors only: the decision goes back to awaiting-decision, with the reason (kept in the history). */
export function ReopenForm({ caseId, busy }: { caseId: number; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const allowed = useHasRole('supervisor');
  const error = useActionError('reopen');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!allowed) return <p className="field__hint">{t('case.reopen.supervisorOnly')}</p>;
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="reopen-open">
        {t('case.reopen.button')}
      </button>
    );
  }
  return (
    <form
      className="filter-bar"
      onSubmit={(e) => {
        e.preventDefault();
        void reopenCase(caseId, reason.trim()).then((ok) => {
          if (ok) {
            setOpen(false);
            setReason('');
          }
        });
      }}
    >
      <div className="field field--wide">
        <label htmlFor="reopen-reason">{t('case.reopen.reason')}</label>
        <textarea id="reopen-reason" className="input" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="reopen-reason" autoFocus />
      </div>
      <button type="submit" className="button button--primary" disabled={busy || reason.trim() === ''} data-testid="reopen-confirm">
        {t('case.reopen.confirm')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('common:action.cancel')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
