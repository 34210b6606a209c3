import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { END_STATUSES, roleAtLeast, type TestRunRole } from '../../../../preload/contract/records';
import { VerdictBadge } from '../../components/verdict-badge';
import { attachStoredRun, loadModuleReads, testOnBench, useActionError, useCasesStore, withdrawRun } from '../../stores/cases-store';
import { useSessionStore } from '../../stores/session-store';
import { OpenReportButton } from '../reports/report-preview';
import { ErrorNotice } from './error-notice';
import { formatDateTime } from './format';
import type { CaseDetail, TestRunSummary } from './types';

/** Statuses in which the case waits for the returned module repaired, or its replacement, to be tested. */
const REPLACEMENT_STATUSES: readonly string[] = ['replacing', 'verifying'];

/** A supervisor withdraws a run attached by mistake: the reason, and their PIN unless they are the one signed in. */
function WithdrawForm({ caseId, run, busy, onDone }: { caseId: number; run: TestRunSummary; busy: boolean; onDone: () => void }) {
  const { t } = useTranslation(['repairs', 'bench']);
  const session = useSessionStore((s) => s.status);
  const supervisorSignedIn = session?.person !== null && session?.person !== undefined && roleAtLeast(session.person.role, 'supervisor');
  const supervisors = (session?.people ?? []).filter((p) => roleAtLeast(p.role, 'supervisor'));
  const [reason, setReason] = useState('');
  const [approverId, setApproverId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const ready = reason.trim() !== '' && (supervisorSignedIn || (approverId !== null && pin !== ''));
  return (
    <form
      className="withdraw-form"
      data-testid="withdraw-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        void withdrawRun(caseId, run.id, reason.trim(), supervisorSignedIn || approverId === null ? undefined : { technicianId: approverId, pin }).then((ok) => ok && onDone());
      }}
    >
      <p className="field__hint">{t('runs.withdrawExplain', { id: run.id })}</p>
      <div className="field field--full">
        <label htmlFor={`withdraw-reason-${run.id}`}>{t('runs.withdrawReason')}</label>
        <textarea id={`withdraw-reason-${run.id}`} data-autofocus className="textarea" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason" />
      </div>
      {supervisorSignedIn ? null : (
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={`withdraw-sup-${run.id}`}>{t('bench:attach.approval.supervisor')}</label>
            <select id={`withdraw-sup-${run.id}`} className="select" value={approverId ?? ''} onChange={(e) => setApproverId(e.target.value === '' ? null : Number(e.target.value))} data-testid="withdraw-supervisor">
              <option value="">{t('bench:attach.approval.choose')}</option>
              {supervisors.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`withdraw-pin-${run.id}`}>{t('bench:attach.approval.pin')}</label>
            <input id={`withdraw-pin-${run.id}`} className="input" type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} data-testid="withdraw-pin" />
          </div>
        </div>
      )}
      <div className="actions-row">
        <button type="submit" className="button button--primary" disabled={busy || !ready} data-testid="withdraw-confirm">
          {t('runs.withdrawConfirm')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common:action.cancel')}
        </button>
      </div>
    </form>
  );
}

function SourceBadge({ run }: { run: TestRunSummary }) {
  const { t } = useTranslation('repairs');
  if (run.source === 'programmer') return null;
  // Training (simulated) and imported (file) runs are kept and shown, never evidence; the reason is written out.
  return (
    <div className="field__hint">
      <span className="badge badge--muted" data-testid="run-not-evidence">
        {t(`case.run.source.${run.source}`)}
      </span>{' '}
      {t(`case.run.sourceWhy.${run.source}`)}
    </div>
  );
}

/**
 * The runs that count for the case, each with how it was attached; the ones withdrawn, struck
 * through with who withdrew them and why; the stored reads of this module not attached yet; and
 * the way to the bench for the next read of this case (issue 12).
 */
export function CaseRunsPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t, i18n } = useTranslation(['repairs', 'bench']);
  const c = detail.case;
  const runs = detail.testRuns;
  const withdrawn = detail.withdrawnRuns ?? [];
  const open = !END_STATUSES.includes(c.status);
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  const withdrawError = useActionError('withdraw');
  const attachError = useActionError('attach');
  const moduleReads = useCasesStore((s) => (s.moduleReads?.caseId === c.id ? s.moduleReads.runs : null));
  useEffect(() => {
    void loadModuleReads(c);
  }, [c]);
  const counted = new Set(runs.map((r) => r.id));
  const unattached = (moduleReads ?? []).filter((r) => !counted.has(r.id) && !(r.cases ?? []).some((x) => x.caseId === c.id));
  const replacementTest = REPLACEMENT_STATUSES.includes(c.status) || c.decision === 'replace';
  const suggestedRole: TestRunRole = ['repairing', 'replacing', 'verifying'].includes(c.status) ? 'after-repair' : 'before-repair';
  const lng = i18n.language;

  return (
    <section className="panel" aria-labelledby="case-runs">
      <h2 id="case-runs">{t('case.testRuns')}</h2>
      {open ? (
        <div className="actions-row" data-testid="bench-buttons">
          <button type="button" className={replacementTest ? 'button' : 'button button--primary'} onClick={() => testOnBench(c, 'returned')} data-testid="test-returned">
            {t('runs.testReturned')}
          </button>
          {replacementTest ? (
            <button type="button" className="button button--primary" onClick={() => testOnBench(c, 'replacement')} data-testid="test-replacement">
              {t('runs.testReplacement')}
            </button>
          ) : null}
        </div>
      ) : null}
      {runs.length === 0 ? (
        <p>{open ? t('case.noTestRuns') : t('runs.noneEnded')}</p>
      ) : (
        <table className="data-table" data-testid="case-test-runs">
          <thead>
            <tr>
              <th scope="col">{t('case.run.role')}</th>
              <th scope="col">{t('case.run.takenAt')}</th>
              <th scope="col">{t('case.run.serial')}</th>
              <th scope="col">{t('case.run.verdict')}</th>
              <th scope="col">{t('runs.attached')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('runs.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-run={run.id} data-role={run.role} data-verdict={run.overall} data-source={run.source} className={run.correctedById ? 'superseded' : undefined}>
                <td>
                  {t(`role.${run.role}`)}
                  {run.correctedById ? ` (${t('case.run.superseded')})` : ''}
                  <SourceBadge run={run} />
                </td>
                <td>{formatDateTime(run.takenAt, lng)}</td>
                <td className="mono">
                  {run.moduleSerial}
                  {run.serialOverride ? (
                    <div className="field__hint" data-testid="run-serial-override">
                      {t('case.run.serialOverride', { read: run.serialRead ?? '—', by: run.serialOverride.by, reason: run.serialOverride.reason })}
                    </div>
                  ) : null}
                </td>
                <td>
                  <VerdictBadge status={run.overall} kind="overall" />
                </td>
                <td className="field__hint">
                  {run.link ? t('runs.attachedBy', { who: run.link.attachedBy, when: formatDateTime(run.link.attachedAt, lng) }) : '—'}
                  <div>
                    {run.station} · #{run.id}
                  </div>
                </td>
                <td>
                  <div className="actions-row">
                    <OpenReportButton kind="test-run" id={run.id} className="button" compact />
                    {open ? (
                      <button type="button" className="button" onClick={() => setWithdrawing(withdrawing === run.id ? null : run.id)} aria-expanded={withdrawing === run.id} data-testid="withdraw-open">
                        {t('runs.withdraw')}
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {withdrawing !== null && runs.some((r) => r.id === withdrawing) ? (
        <WithdrawForm caseId={c.id} run={runs.find((r) => r.id === withdrawing) as TestRunSummary} busy={busy} onDone={() => setWithdrawing(null)} />
      ) : null}
      {withdrawError ? <ErrorNotice error={withdrawError} /> : null}
      {withdrawn.length > 0 ? (
        <>
          <h3>{t('runs.withdrawnHeading')}</h3>
          <ul className="withdrawn-runs" data-testid="withdrawn-runs">
            {withdrawn.map((run) => (
              <li key={`${run.id}-${run.link?.withdrawn?.id ?? 0}`} data-run={run.id}>
                <s>
                  #{run.id} · {t(`role.${run.role}`)} · {run.moduleSerial} · {formatDateTime(run.takenAt, lng)}
                </s>{' '}
                <VerdictBadge status={run.overall} kind="overall" />
                <div className="field__hint">
                  {t('runs.withdrawnBy', {
                    who: run.link?.withdrawn?.by ?? '—',
                    when: run.link?.withdrawn ? formatDateTime(run.link.withdrawn.at, lng) : '—',
                    reason: run.link?.withdrawn?.reason ?? '',
                  })}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {open && unattached.length > 0 ? (
        <>
          <h3>{t('runs.unattachedHeading')}</h3>
          <p className="field__hint">{t('runs.unattachedExplain')}</p>
          <ul className="unattached-runs" data-testid="unattached-runs">
            {unattached.map((run) => (
              <li key={run.id} data-run={run.id}>
                #{run.id} · {run.moduleSerial} · {formatDateTime(run.takenAt, lng)} <VerdictBadge status={run.overall} kind="overall" /> <SourceBadge run={run} />
                {(run.cases ?? []).length > 0 ? <span className="field__hint"> {t('runs.countsFor', { rmas: (run.cases ?? []).map((x) => x.rmaNumber).join(', ') })}</span> : null}{' '}
                <button type="button" className="button" disabled={busy} onClick={() => void attachStoredRun(c.id, run.id, suggestedRole)} data-testid="attach-stored">
                  {t('runs.attachAs', { role: t(`role.${suggestedRole}`) })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {attachError ? <ErrorNotice error={attachError} /> : null}
    </section>
  );
}
