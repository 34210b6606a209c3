import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { roleAtLeast, TEST_RUN_ROLES } from '../../../../preload/contract/records';
import { ErrorState } from '../../components/states';
import { navigate } from '../../stores/app-store';
import { startIntakeFromModule } from '../../stores/cases-store';
import { useSessionStore } from '../../stores/session-store';
import { attachChosen, chooseCandidate, identityOf, setChoiceRole, useAttachStore, useBenchStore, useCharacterShortcut } from '../../stores/bench-store';
import { OpenReportButton } from '../reports/report-preview';

export interface AttachPanelHandle {
  /** Where the next key is expected after a read: the Attach button, else New case, else nothing. */
  focusPrimary(): boolean;
  focusRecorded(): void;
}

/** A supervisor approves counting a module whose memory gives another serial (their PIN, unless one is signed in). */
function SerialApproval({ onApprove, busy }: { onApprove: (o: { reason: string; approver?: { technicianId: number; pin: string } }) => void; busy: boolean }) {
  const { t } = useTranslation('bench');
  const session = useSessionStore((s) => s.status);
  const signedInSupervisor = session?.person !== null && session?.person !== undefined && roleAtLeast(session.person.role, 'supervisor');
  const supervisors = (session?.people ?? []).filter((p) => roleAtLeast(p.role, 'supervisor'));
  const [approverId, setApproverId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const ready = reason.trim() !== '' && (signedInSupervisor || (approverId !== null && pin !== ''));
  return (
    <form
      className="attach-panel__approval"
      data-testid="serial-approval"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        onApprove({ reason: reason.trim(), ...(signedInSupervisor || approverId === null ? {} : { approver: { technicianId: approverId, pin } }) });
      }}
    >
      <fieldset>
        <legend>{t('attach.approval.title')}</legend>
        {signedInSupervisor ? null : (
          <div className="row">
            <label>
              {t('attach.approval.supervisor')}
              <select value={approverId ?? ''} onChange={(e) => setApproverId(e.target.value === '' ? null : Number(e.target.value))} data-testid="approval-supervisor">
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
              <input type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} data-testid="approval-pin" />
            </label>
          </div>
        )}
        <label>
          {t('attach.approval.reason')}
          <textarea rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="approval-reason" />
        </label>
        <button type="submit" className="primary" disabled={!ready || busy} data-testid="approval-confirm">
          {t('attach.approval.confirm')}
        </button>
      </fieldset>
    </form>
  );
}

/**
 * What to do with the read, beside the answer: attach it to the case proposed for its serial (or
 * the case the bench was opened for) with Enter, choose another case, start a new case from the
 * module, print its test report. Closed cases are never offered.
 */
export const AttachPanel = forwardRef<AttachPanelHandle, { result: BenchReadResult; onSearch: () => void }>(function AttachPanel({ result, onSearch }, ref) {
  const { t } = useTranslation(['bench', 'repairs']);
  const a = useAttachStore();
  const target = useBenchStore((s) => s.target);
  const attachKey = useCharacterShortcut('A');
  const attachRef = useRef<HTMLButtonElement>(null);
  const newCaseRef = useRef<HTMLButtonElement>(null);
  const recordedRef = useRef<HTMLParagraphElement>(null);
  useImperativeHandle(ref, () => ({
    focusPrimary: () => {
      const el = attachRef.current ?? newCaseRef.current;
      if (el === null || el.disabled) return false;
      el.focus();
      return true;
    },
    focusRecorded: () => recordedRef.current?.focus(),
  }));
  const run = result.testRun ?? null;
  const id = identityOf(result);
  const choice = a.choice;
  const source = result.source === 'file' ? 'imported' : result.programmer.kind === 'sim' ? 'training' : null;
  const mismatch = a.error?.code === 'SERIAL_MISMATCH';
  // The case was chosen for another module: say so before Enter is pressed, not after.
  const otherModule = choice !== null && !choice.asReplacement && choice.moduleSerial !== id.serial;
  const newCase = () => startIntakeFromModule({ serial: id.serial, partNumber: id.partNumber, vendor: id.vendor });

  return (
    <section className="card attach-panel" aria-labelledby="attach-title" data-testid="attach-panel">
      <h2 id="attach-title">{t('attach.heading')}</h2>
      {run === null ? (
        <div data-testid="not-stored">
          {result.storeError ? <ErrorState error={result.storeError} compact /> : null}
          {result.storeError?.code === 'STATION_NOT_SET' ? (
            <button type="button" className="link-button" onClick={() => navigate('/settings')}>
              {t('attach.openSettings')}
            </button>
          ) : null}
        </div>
      ) : a.recorded !== null ? (
        <>
          <p className="recorded" role="status" tabIndex={-1} ref={recordedRef} data-testid="attach-recorded">
            <span aria-hidden="true">✔ </span>
            {a.recorded.run.queued === true
              ? t('attach.queued', { rma: a.recorded.rmaNumber })
              : t('attach.recorded', { id: a.recorded.run.id, rma: a.recorded.rmaNumber, role: t(`attach.${a.recorded.role}`) })}
          </p>
          <p className="muted">{t('attach.nextHint')}</p>
        </>
      ) : (
        <>
          <p className="muted" data-testid="stored-as">
            {run.queued === true ? t('attach.storedQueued') : t('attach.storedAs', { id: run.id })}
          </p>
          {source !== null ? (
            <p className="notice notice--unavailable" role="note" data-testid="attach-not-evidence">
              {t(`attach.notEvidence.${source}`)}
            </p>
          ) : null}
          {choice !== null ? (
            <div className="attach-panel__choice" data-testid="attach-choice" data-rma={choice.rmaNumber} data-role={choice.role}>
              <p>
                {choice.via === 'target' ? t('attach.forTarget', { rma: choice.rmaNumber }) : t('attach.proposed', { rma: choice.rmaNumber, serial: id.serial })}
              </p>
              {otherModule ? (
                <p className="notice notice--unavailable" role="note" data-testid="attach-other-module">
                  {t('attach.otherModule', { serial: id.serial || '—', rma: choice.rmaNumber, caseSerial: choice.moduleSerial })}
                </p>
              ) : null}
              {choice.asReplacement ? <p className="muted">{t('attach.asReplacement', { serial: id.serial || '—' })}</p> : null}
              <fieldset className="attach-panel__role">
                <legend>{t('attach.role')}</legend>
                {TEST_RUN_ROLES.map((role) => (
                  <label key={role} className="inline">
                    <input type="radio" name="attach-role" value={role} checked={choice.role === role} onChange={() => setChoiceRole(role)} />
                    {t(`attach.${role}`)}
                  </label>
                ))}
              </fieldset>
              {(a.candidates?.length ?? 0) > 1 ? (
                <label>
                  {t('attach.otherOpenCases')}
                  <select value={choice.caseId} onChange={(e) => chooseCandidate(Number(e.target.value))} data-testid="attach-candidates">
                    {a.candidates?.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.rmaNumber} · {t(`repairs:status.${c.status}`)} · {c.customerName}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <button
                ref={attachRef}
                type="button"
                className="primary big"
                disabled={a.attaching || mismatch}
                onClick={() => void attachChosen()}
                aria-keyshortcuts={`Enter ${attachKey.aria}`}
                data-testid="attach-button"
              >
                {t('attach.to', { rma: choice.rmaNumber })} <kbd>↵</kbd>
              </button>
              {a.error && !mismatch ? <ErrorState error={a.error} compact /> : null}
              {mismatch && a.error ? (
                <>
                  <ErrorState error={a.error} compact />
                  <SerialApproval busy={a.attaching} onApprove={(o) => void attachChosen(o)} />
                </>
              ) : null}
            </div>
          ) : a.candidatesLoading ? (
            <p role="status">{t('attach.looking', { serial: id.serial })}</p>
          ) : (
            <p data-testid="attach-no-case">{id.serial === '' ? t('attach.noSerial') : t('attach.noOpenCase', { serial: id.serial })}</p>
          )}
          {a.candidatesError ? <ErrorState error={a.candidatesError} compact /> : null}
          <div className="row attach-panel__more">
            <button type="button" onClick={onSearch} data-testid="attach-search">
              {t('attach.otherCase')}
            </button>
            {choice === null && target === null ? (
              <button ref={newCaseRef} type="button" className={a.candidatesLoading ? '' : 'primary'} onClick={newCase} data-testid="new-case-from-module">
                {t('attach.newCase')}
              </button>
            ) : (
              <button type="button" onClick={newCase} data-testid="new-case-from-module">
                {t('attach.newCase')}
              </button>
            )}
          </div>
        </>
      )}
      {run !== null && run.queued !== true ? (
        <div className="row">
          <OpenReportButton kind="test-run" id={run.id} />
        </div>
      ) : null}
    </section>
  );
});
