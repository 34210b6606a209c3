import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { TEST_RUN_ROLES } from '../../../../preload/contract/records';
import { Dialog } from '../../components/dialog';
import { ErrorState } from '../../components/states';
import { pushToast } from '../../components/toasts';
import { formatDate } from '../../i18n/format';
import { navigate, useAppStore } from '../../stores/app-store';
import { useSessionStore } from '../../stores/session-store';
import { roleAtLeast } from '../../../../preload/contract/records';
import { attachToCase, findCases, selectAttachCase, setAttachQuery, setAttachRole, useAttachStore } from '../../stores/bench-store';

/**
 * Find the case by scanning or typing a serial or RMA number, then attach. A barcode scanner is a
 * keyboard that ends with Enter: the first Enter searches, a second Enter on the same text
 * attaches to the highlighted case, so scan + Enter + Enter is the whole path without a mouse.
 */
export function AttachDialog({ open, onClose, result }: { open: boolean; onClose: (attached: boolean) => void; result: BenchReadResult }) {
  const { t, i18n } = useTranslation('bench');
  const a = useAttachStore();
  const { station } = useAppStore();
  const session = useSessionStore((s) => s.status);
  const missingIdentity = !station;
  // A run under a serial the module does not give needs a supervisor's reason (and PIN, unless one is signed in).
  const [approval, setApproval] = useState<{ approverId: number | null; pin: string; reason: string }>({ approverId: null, pin: '', reason: '' });
  const mismatch = a.error?.code === 'SERIAL_MISMATCH';
  const signedInSupervisor = session?.person !== null && session?.person !== undefined && roleAtLeast(session.person.role, 'supervisor');
  const supervisors = (session?.people ?? []).filter((p) => roleAtLeast(p.role, 'supervisor'));
  const source = result.source === 'file' ? 'imported' : result.programmer.kind === 'sim' ? 'training' : null;
  const selected = a.results?.find((r) => r.id === a.selectedCaseId) ?? null;
  // A scanner types a new number over the old one: Enter then searches it, it never attaches to the old match.
  const resultsMatchInput = a.results !== null && a.searchedQuery === a.query.trim();

  const attach = async () => {
    if (!selected) return;
    const override =
      mismatch && approval.reason.trim() !== ''
        ? { reason: approval.reason.trim(), ...(signedInSupervisor || approval.approverId === null ? {} : { approver: { technicianId: approval.approverId, pin: approval.pin } }) }
        : undefined;
    if (await attachToCase(override)) {
      setApproval({ approverId: null, pin: '', reason: '' });
      pushToast({ kind: 'success', text: t('attach.attached', { rma: selected.rmaNumber }) });
      onClose(true);
    }
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
      if (resultsMatchInput && selected) void attach();
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
          <button
            type="button"
            className="primary"
            disabled={!selected || a.attaching || missingIdentity || (mismatch && (approval.reason.trim() === '' || (!signedInSupervisor && (approval.approverId === null || approval.pin === ''))))}
            onClick={() => void attach()}
            data-testid="attach-confirm"
          >
            {mismatch ? t('attach.approval.confirm') : t('attach.confirm')}
          </button>
        </>
      }
    >
      {missingIdentity ? (
        <p className="state state--error state--compact" role="alert">
          {t('attach.needIdentity')}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onClose(false);
              navigate('/settings');
            }}
          >
            {t('attach.openSettings')}
          </button>
        </p>
      ) : null}
      <p className="muted">
        {t('attach.module', { serial: result.module.vendor.serialNumber || '—', pn: result.module.vendor.partNumber || '—' })}
      </p>
      {source !== null ? (
        <p className="notice notice--unavailable" role="note" data-testid="attach-not-evidence">
          {t(`attach.notEvidence.${source}`)}
        </p>
      ) : null}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="attach-dialog__search">
          {t('attach.search')}
          <input
            autoFocus
            value={a.query}
            onChange={(e) => setAttachQuery(e.target.value)}
            onKeyDown={onKeyDown}
            maxLength={64}
            data-testid="attach-query"
            aria-describedby="attach-hint"
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
      {mismatch ? (
        <fieldset className="attach-dialog__approval" data-testid="serial-approval">
          <legend>{t('attach.approval.title')}</legend>
          {signedInSupervisor ? null : (
            <div className="row">
              <label>
                {t('attach.approval.supervisor')}
                <select
                  value={approval.approverId ?? ''}
                  onChange={(e) => setApproval({ ...approval, approverId: e.target.value === '' ? null : Number(e.target.value) })}
                  data-testid="approval-supervisor"
                >
                  <option value="">{t('attach.approval.choose')}</option>
                  {supervisors.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({p.code})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('attach.approval.pin')}
                <input
                  type="password"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={12}
                  value={approval.pin}
                  onChange={(e) => setApproval({ ...approval, pin: e.target.value })}
                  data-testid="approval-pin"
                />
              </label>
            </div>
          )}
          <label>
            {t('attach.approval.reason')}
            <textarea rows={2} maxLength={2000} value={approval.reason} onChange={(e) => setApproval({ ...approval, reason: e.target.value })} data-testid="approval-reason" />
          </label>
        </fieldset>
      ) : null}
      {a.results && a.results.length === 0 ? <p role="status">{t('attach.noMatch', { q: a.query })}</p> : null}
      {a.results && a.results.length > 0 ? (
        <div role="listbox" aria-label={t('attach.results')} className="attach-dialog__results" data-testid="attach-results">
          {a.results.map((c) => (
            <button
              type="button"
              role="option"
              key={c.id}
              aria-selected={c.id === a.selectedCaseId}
              className={c.id === a.selectedCaseId ? 'is-active' : ''}
              onClick={() => selectAttachCase(c.id)}
              data-rma={c.rmaNumber}
            >
              <strong>{c.rmaNumber}</strong> · {c.moduleSerial} · {c.customerName} · {t(`repairs:status.${c.status}`, { defaultValue: c.status })} ·{' '}
              {formatDate(c.notifiedAt, i18n.language)}
            </button>
          ))}
        </div>
      ) : null}
      <fieldset className="attach-dialog__role">
        <legend>{t('attach.role')}</legend>
        {TEST_RUN_ROLES.map((role) => (
          <label key={role} className="inline">
            <input type="radio" name="attach-role" value={role} checked={a.role === role} onChange={() => setAttachRole(role)} />
            {t(`attach.${role}`)}
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
