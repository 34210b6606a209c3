import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CAUSE_CATEGORIES, type CauseCategory } from '../../../../preload/contract/warranty';
import { EXTERNAL_TEST_KINDS, EXTERNAL_TEST_RESULTS, TEST_RUN_ROLES, type ExternalTestKind, type ExternalTestResult, type TestRunRole } from '../../../../preload/contract/records';
import { nextStepWords } from '../../../../preload/contract/words/index';
import { assignTechnician, decideCase, loadReferenceData, openCase, recordExternalTest, reopenCase, transitionCase, useCasesStore } from '../../stores/cases-store';
import { useHasRole } from '../../stores/session-store';
import type { CaseDetail, RepairStatus } from './types';
import { StatusBadge } from './status-badge';
import { VerdictBadge } from '../../components/verdict-badge';
import { formatDate, formatDateTime } from './format';
import { ErrorNotice } from './error-notice';
import { manualTransitions, transitionNeedsWork } from './workflow';
import { END_STATUSES } from '../../../../preload/contract/records';
import { OpenReportButton, ReportPreviewDialog } from '../reports/report-preview';

export function CasePage({ caseId, onBack, onGoToBench }: { caseId: number; onBack: () => void; onGoToBench?: () => void }) {
  const { t } = useTranslation('repairs');
  const current = useCasesStore((s) => s.current);
  const currentError = useCasesStore((s) => s.currentError);

  useEffect(() => {
    void openCase(caseId);
    void loadReferenceData();
  }, [caseId]);

  if (currentError) {
    return (
      <section className="repairs">
        <button type="button" className="link-button" onClick={onBack}>← {t('backToList')}</button>
        <ErrorNotice error={currentError} />
      </section>
    );
  }
  if (!current || current.case.id !== caseId) return <p role="status">{t('case.loading')}</p>;
  // Keyed by case and status so the forms start fresh after every step.
  return <CaseView key={`${current.case.id}:${current.case.status}`} detail={current} onBack={onBack} onGoToBench={onGoToBench} />;
}

function CaseView({ detail, onBack, onGoToBench }: { detail: CaseDetail; onBack: () => void; onGoToBench?: () => void }) {
  const { t, i18n } = useTranslation(['repairs', 'statistics']);
  const locale = i18n.language;
  const busy = useCasesStore((s) => s.busy);
  const actionError = useCasesStore((s) => s.actionError);
  const c = detail.case;

  return (
    <section className="repairs" aria-labelledby="case-heading">
      <button type="button" className="link-button" onClick={onBack}>← {t('backToList')}</button>
      <header className="feature-header">
        <h1 id="case-heading">{t('case.heading', { rma: c.rmaNumber })}</h1>
        <span className="big-value" data-testid="case-status" data-status={c.status}><StatusBadge status={c.status} /></span>
        <OpenReportButton kind="repair" id={c.id} className="button" />
      </header>
      <ReportPreviewDialog />
      {actionError && <ErrorNotice error={actionError} />}
      <div className="case-page">
        <div className="stack">
          <section className="panel" aria-labelledby="case-summary">
            <h2 id="case-summary">{t('case.summary')}</h2>
            <dl className="kv">
              <dt>{t('case.customer')}</dt><dd>{c.customerName}</dd>
              <dt>{t('case.serials')}</dt><dd className="mono big-value">{c.moduleSerial}</dd>
              <dt>{t('list.col.partNumber')}</dt><dd className="mono">{c.partNumber ?? '—'}</dd>
              <dt>{t('case.channel')}</dt><dd>{t(`channel.${c.notificationChannel}`)}</dd>
              <dt>{t('case.notifiedAt')}</dt><dd>{formatDateTime(c.notifiedAt, locale)}</dd>
              <dt>{t('case.notifiedBy')}</dt><dd>{c.notifiedBy}</dd>
              <dt>{t('case.technician')}</dt><dd data-testid="case-technician">{c.technicianName ?? '—'}</dd>
              <dt>{t('case.complaint')}</dt><dd className="pre-wrap">{c.complaintText}</dd>
              {c.failureMode && (<><dt>{t('case.failureMode')}</dt><dd data-failure-mode={c.failureMode}>{t(`statistics:mode.${c.failureMode.replace(':', '_')}`, { defaultValue: c.failureMode })}</dd></>)}
              {c.actionTaken && (<><dt>{t('case.action')}</dt><dd className="pre-wrap">{c.actionTaken}</dd></>)}
              {c.replacementSerial && (<><dt>{t('case.replacementSerial')}</dt><dd className="mono">{c.replacementSerial}</dd></>)}
            </dl>
          </section>
          <section className="panel" aria-labelledby="case-timeline">
            <h2 id="case-timeline">{t('case.timeline')}</h2>
            <ol className="timeline" data-testid="status-timeline">
              {detail.history.map((h) => (
                <li key={h.id} data-status={h.to}>
                  <strong>{t(`status.${h.to}`)}</strong>
                  <span className="timeline__when">
                    {formatDateTime(h.at, locale)} · {t('case.by', { who: h.actor })}
                  </span>
                  {h.note && <span className="timeline__note pre-wrap">{h.note}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div className="stack">
          {!END_STATUSES.includes(c.status) && <AssignPanel detail={detail} busy={busy} />}
          <TestRunsPanel detail={detail} onGoToBench={onGoToBench} />
          <ExternalTestsPanel detail={detail} busy={busy} />
          <DecisionPanel detail={detail} busy={busy} />
          <TransitionsPanel detail={detail} busy={busy} />
          {(detail.complaints.length > 0 || detail.calls.length > 0) && <SupervisionPanel detail={detail} />}
        </div>
      </div>
    </section>
  );
}

function TestRunsPanel({ detail, onGoToBench }: { detail: CaseDetail; onGoToBench?: () => void }) {
  const { t, i18n } = useTranslation('repairs');
  const runs = detail.testRuns;
  return (
    <section className="panel" aria-labelledby="case-runs">
      <h2 id="case-runs">{t('case.testRuns')}</h2>
      {runs.length === 0 ? (
        <div>
          <p>{t('case.noTestRuns')}</p>
          {onGoToBench && <button type="button" className="button" onClick={onGoToBench}>{t('case.goToBench')}</button>}
        </div>
      ) : (
        <table className="data-table" data-testid="case-test-runs">
          <thead>
            <tr>
              <th scope="col">{t('case.run.role')}</th>
              <th scope="col">{t('case.run.takenAt')}</th>
              <th scope="col">{t('case.run.serial')}</th>
              <th scope="col">{t('case.run.verdict')}</th>
              <th scope="col">{t('case.run.profile')}</th>
              <th scope="col">{t('case.run.station')}</th>
              <th scope="col"><span className="visually-hidden">{t('reports:open.testRun')}</span></th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-role={run.role} data-verdict={run.overall} data-source={run.source} className={run.correctedById ? 'superseded' : undefined}>
                <td>
                  {t(`role.${run.role}`)}{run.correctedById ? ` (${t('case.run.superseded')})` : ''}
                  {run.source !== 'programmer' ? (
                    // Training (simulated) and imported (file) runs are kept and shown, never evidence.
                    <> <span className="badge badge--muted" data-testid="run-not-evidence" title={t(`case.run.sourceWhy.${run.source}`)}>{t(`case.run.source.${run.source}`)}</span></>
                  ) : null}
                </td>
                <td>{formatDateTime(run.takenAt, i18n.language)}</td>
                <td className="mono">
                  {run.moduleSerial}
                  {run.serialOverride ? (
                    <div className="field__hint" data-testid="run-serial-override">
                      {t('case.run.serialOverride', { read: run.serialRead ?? '—', by: run.serialOverride.by, reason: run.serialOverride.reason })}
                    </div>
                  ) : null}
                </td>
                <td><VerdictBadge status={run.overall} kind="overall" /></td>
                <td>{run.limitProfileId ? `${run.limitProfileId} v${run.limitProfileVersion ?? '?'}` : t('case.run.moduleThresholds')}</td>
                <td>{run.station} / {run.operator}</td>
                <td><OpenReportButton kind="test-run" id={run.id} className="button" compact /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {onGoToBench && runs.length > 0 && (
        <button type="button" className="button" onClick={onGoToBench}>{t('case.goToBench')}</button>
      )}
    </section>
  );
}

/** Today's date and time in the input's local format ("2026-12-05T14:30"), for the performed-at default. */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * External link / BER tests: what an I2C read cannot show (a passive cable's signal path, a link
 * that drops under traffic), judged on a host or tester and recorded as evidence of the case.
 */
function ExternalTestsPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t, i18n } = useTranslation(['repairs', 'verdict']);
  const c = detail.case;
  const tests = detail.externalTests ?? [];
  const open = !END_STATUSES.includes(c.status);
  const [kind, setKind] = useState<ExternalTestKind>('link');
  const [result, setResult] = useState<ExternalTestResult | ''>('');
  const [role, setRole] = useState<TestRunRole>(c.status === 'verifying' ? 'after-repair' : 'before-repair');
  const [equipment, setEquipment] = useState('');
  const [performedBy, setPerformedBy] = useState('');
  const [performedAt, setPerformedAt] = useState(localNow());
  const [ber, setBer] = useState('');
  const [notes, setNotes] = useState('');
  const berValue = ber.trim() === '' ? null : Number(ber);
  const blocker =
    result === '' ? t('external.needResult')
    : equipment.trim() === '' ? t('external.needEquipment')
    : performedBy.trim() === '' ? t('external.needPerformedBy')
    : kind === 'ber' && (berValue === null || !Number.isFinite(berValue) || berValue < 0 || berValue > 1) ? t('external.needBer')
    : null;
  const submit = () => {
    if (blocker !== null || result === '') return;
    void recordExternalTest(c.id, {
      role, kind, result, equipment: equipment.trim(), performedBy: performedBy.trim(),
      performedAt: new Date(performedAt).toISOString(),
      ...(berValue !== null ? { bitErrorRatio: berValue } : {}),
      ...(notes.trim() !== '' ? { notes: notes.trim() } : {}),
    });
  };
  return (
    <section className="panel" aria-labelledby="case-external">
      <h2 id="case-external">{t('external.heading')}</h2>
      <p className="field__hint">{t('external.hint')}</p>
      {tests.length === 0 ? (
        <p>{t('external.none')}</p>
      ) : (
        <table className="data-table" data-testid="case-external-tests">
          <thead>
            <tr>
              <th scope="col">{t('case.run.role')}</th>
              <th scope="col">{t('external.performedAt')}</th>
              <th scope="col">{t('external.kind')}</th>
              <th scope="col">{t('external.result')}</th>
              <th scope="col">{t('external.equipment')}</th>
              <th scope="col">{t('external.performedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {tests.map((x) => (
              <tr key={x.id} data-result={x.result} data-kind={x.kind}>
                <td>{t(`role.${x.role}`)}</td>
                <td>{formatDateTime(x.performedAt, i18n.language)}</td>
                <td>{t(`external.kinds.${x.kind}`)}{x.bitErrorRatio === null ? '' : ` · ${x.bitErrorRatio.toExponential(1)}`}</td>
                <td><VerdictBadge status={x.result} /></td>
                <td>{x.equipment}</td>
                <td>{x.performedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <form className="form-grid" data-testid="external-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <div className="field">
            <label htmlFor="ext-kind">{t('external.kind')}</label>
            <select id="ext-kind" className="select" value={kind} onChange={(e) => setKind(e.target.value as ExternalTestKind)}>
              {EXTERNAL_TEST_KINDS.map((k) => <option key={k} value={k}>{t(`external.kinds.${k}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ext-result">{t('external.result')}</label>
            <select id="ext-result" className="select" value={result} onChange={(e) => setResult(e.target.value as ExternalTestResult | '')}>
              <option value="">{t('external.chooseResult')}</option>
              {EXTERNAL_TEST_RESULTS.map((r) => <option key={r} value={r}>{t(`verdict:status.${r}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ext-role">{t('case.run.role')}</label>
            <select id="ext-role" className="select" value={role} onChange={(e) => setRole(e.target.value as TestRunRole)}>
              {TEST_RUN_ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>
          </div>
          <div className="field field--wide">
            <label htmlFor="ext-equipment">{t('external.equipment')}</label>
            <input id="ext-equipment" className="input" maxLength={200} placeholder={t('external.equipmentPlaceholder')} value={equipment} onChange={(e) => setEquipment(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="ext-by">{t('external.performedBy')}</label>
            <input id="ext-by" className="input" maxLength={100} value={performedBy} onChange={(e) => setPerformedBy(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="ext-at">{t('external.performedAt')}</label>
            <input id="ext-at" className="input" type="datetime-local" value={performedAt} onChange={(e) => setPerformedAt(e.target.value)} />
          </div>
          {kind === 'ber' && (
            <div className="field">
              <label htmlFor="ext-ber">{t('external.ber')}</label>
              <input id="ext-ber" className="input input--mono" inputMode="decimal" placeholder="1e-12" value={ber} onChange={(e) => setBer(e.target.value)} />
            </div>
          )}
          <div className="field field--full">
            <label htmlFor="ext-notes">{t('external.notes')}</label>
            <textarea id="ext-notes" className="textarea" rows={2} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
          <div className="actions-row">
            <button type="submit" className="button" disabled={busy || blocker !== null} data-testid="external-record" aria-describedby={blocker ? 'external-blocker' : undefined}>
              {t('external.record')}
            </button>
            {blocker && <span className="field__hint" id="external-blocker">{blocker}</span>}
          </div>
        </form>
      )}
    </section>
  );
}

function DecisionPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t, i18n } = useTranslation(['repairs', 'warranty']);
  const c = detail.case;
  const [cause, setCause] = useState<CauseCategory | ''>(c.cause ?? '');
  const decision = c.decisionDetail;
  const canDecide = c.status === 'awaiting-decision';
  const hasBeforeRun = detail.testRuns.some((r) => r.role === 'before-repair' && r.correctedById === null && r.source === 'programmer');
  const blocker = !hasBeforeRun ? t('case.decideNeedsRun') : cause === '' ? t('case.decideNeedsCause') : null;
  return (
    <section className="panel" aria-labelledby="case-decision">
      <h2 id="case-decision">{t('case.decisionHeading')}</h2>
      {decision ? (
        <dl className="kv" data-testid="case-decision" data-decision={decision.decision}>
          <dt>{t('case.decisionHeading')}</dt>
          <dd className="big-value">{t(`warranty:decision.${decision.decision}`)}</dd>
          <dt>{t('case.decisionRule')}</dt>
          <dd data-rule={decision.ruleId ?? ''}>
            {decision.ruleId ? <>{t(`warranty:rule.${decision.ruleId}`)} <span className="mono">({decision.ruleId})</span></> : decision.rule}
          </dd>
          {(decision.needs ?? []).length > 0 && (
            <>
              <dt>{t('warranty:label.needs')}</dt>
              <dd>
                <ol data-testid="decision-needs">
                  {(decision.needs ?? []).map((n) => <li key={n} data-need={n}>{nextStepWords(t, n)}</li>)}
                </ol>
              </dd>
            </>
          )}
          <dt>{t('case.decisionBasis')}</dt>
          <dd data-estimated={decision.estimated}>
            {decision.basisDate === null
              ? t('warranty:label.noBasis')
              : decision.estimated
                ? <><strong>{t('case.estimated')}</strong>: {t('case.basisEstimated', { date: formatDate(decision.basisDate, i18n.language) })}</>
                : t('case.basisDelivery', { date: formatDate(decision.basisDate, i18n.language) })}
          </dd>
          <dt>{t('case.ageDays')}</dt><dd>{decision.ageDays === null ? '—' : t('case.ageDaysValue', { count: decision.ageDays })}</dd>
          {decision.evidenceExternalTestId != null && (
            <><dt>{t('external.evidence')}</dt><dd>{t('warranty:label.externalEvidence', { id: decision.evidenceExternalTestId })}</dd></>
          )}
          <dt>{t('case.cause')}</dt><dd>{t(`warranty:cause.${decision.cause}`)}</dd>
          <dt>{t('case.decidedBy')}</dt><dd>{decision.decidedBy} · {formatDateTime(decision.decidedAt, i18n.language)}</dd>
        </dl>
      ) : (
        <p>{canDecide ? t('case.noDecision') : t('case.decisionLater')}</p>
      )}
      {decision && c.status !== 'closed' ? <ReopenForm caseId={c.id} busy={busy} /> : null}
      {canDecide && (
        <>
          <div className="filter-bar">
            <div className="field field--wide">
              <label htmlFor="case-cause">{t('case.cause')}</label>
              <select id="case-cause" className="select" value={cause} onChange={(e) => setCause(e.target.value as CauseCategory | '')}>
                <option value="">{t('case.chooseCause')}</option>
                {CAUSE_CATEGORIES.map((x) => <option key={x} value={x}>{t(`warranty:cause.${x}`)}</option>)}
              </select>
            </div>
            <button type="button" className="button button--primary" disabled={busy || blocker !== null} data-testid="decide"
              aria-describedby={blocker ? 'decide-blocker' : undefined}
              onClick={() => { if (cause !== '') void decideCase(c.id, cause); }}>
              {busy ? t('case.deciding') : t('case.decide')}
            </button>
          </div>
          {blocker && <p className="field__hint" id="decide-blocker">{blocker}</p>}
        </>
      )}
    </section>
  );
}

/** Supervisors only: the decision goes back to awaiting-decision, with the reason (kept in the history). */
function ReopenForm({ caseId, busy }: { caseId: number; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const allowed = useHasRole('supervisor');
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
        <textarea id="reopen-reason" className="input" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="reopen-reason" />
      </div>
      <button type="submit" className="button button--primary" disabled={busy || reason.trim() === ''} data-testid="reopen-confirm">
        {t('case.reopen.confirm')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('common:action.cancel')}
      </button>
    </form>
  );
}

function TransitionsPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const c = detail.case;
  const options = manualTransitions(c.status);
  const [action, setAction] = useState(c.actionTaken ?? '');
  const [replacement, setReplacement] = useState(c.replacementSerial ?? '');
  const needsWork = options.some((to) => transitionNeedsWork(c.status, to));
  const go = (to: RepairStatus) => {
    const work = transitionNeedsWork(c.status, to)
      ? { actionTaken: action.trim() === '' ? null : action.trim(), replacementSerial: replacement.trim() === '' ? null : replacement.trim() }
      : undefined;
    void transitionCase(c.id, to, work);
  };
  return (
    <section className="panel" aria-labelledby="case-transitions">
      <h2 id="case-transitions">{t('case.transitions')}</h2>
      {c.status === 'awaiting-decision' ? (
        <p>{t('case.transitionByDecision')}</p>
      ) : options.length === 0 ? (
        <p>{t('case.noTransitions')}</p>
      ) : (
        <>
          {needsWork && (
            <div className="form-grid">
              <div className="field field--full">
                <label htmlFor="case-action">{t('case.action')}</label>
                <textarea id="case-action" className="textarea" rows={2} maxLength={2000} placeholder={t('case.actionPlaceholder')}
                  value={action} onChange={(e) => setAction(e.target.value)} />
              </div>
              {c.status === 'replacing' && (
                <div className="field">
                  <label htmlFor="case-replacement">{t('case.replacementSerial')}</label>
                  <input id="case-replacement" className="input input--mono" maxLength={64} autoComplete="off" spellCheck={false}
                    value={replacement} onChange={(e) => setReplacement(e.target.value)} />
                </div>
              )}
            </div>
          )}
          <div className="actions-row">
            {options.map((to) => (
              <button key={to} type="button" className="button" disabled={busy} data-transition={to} onClick={() => go(to)}>
                {t(`transition.${to}`)}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function AssignPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const technicians = useCasesStore((s) => s.technicians);
  const c = detail.case;
  const [choice, setChoice] = useState(c.technicianId === null ? '' : String(c.technicianId));
  const active = technicians.filter((x) => x.active);
  return (
    <section className="panel" aria-labelledby="case-assign">
      <h2 id="case-assign">{t('case.assignHeading')}</h2>
      {c.technicianId === null && <p className="field__hint">{t('case.assignNeeded')}</p>}
      <div className="filter-bar">
        <div className="field field--wide">
          <label htmlFor="case-assign-tech">{t('case.technician')}</label>
          <select id="case-assign-tech" className="select" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('intake.unassigned')}</option>
            {active.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </div>
        <button type="button" className="button" disabled={busy || choice === '' || Number(choice) === c.technicianId}
          onClick={() => void assignTechnician(c.id, Number(choice))}>
          {t('case.assign')}
        </button>
      </div>
    </section>
  );
}

function SupervisionPanel({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation(['repairs', 'supervision']);
  return (
    <section className="panel" aria-labelledby="case-supervision">
      <h2 id="case-supervision">{t('case.supervisionHeading')}</h2>
      {detail.complaints.length > 0 && (
        <ul data-testid="case-complaints">
          {detail.complaints.map((k) => (
            <li key={k.id} data-addressee={k.addressedTo} data-status={k.status}>
              <strong>{t(`supervision:addressee.${k.addressedTo}`)}</strong> · {t(`supervision:complaintStatus.${k.status}`)} ·{' '}
              {formatDateTime(k.createdAt, i18n.language)}: <span className="pre-wrap">{k.text}</span>
              {k.resolution && <> — <em className="pre-wrap">{k.resolution}</em></>}
            </li>
          ))}
        </ul>
      )}
      {detail.calls.length > 0 && (
        <ul data-testid="case-calls">
          {detail.calls.map((call) => (
            <li key={call.id} data-satisfaction={call.satisfaction}>
              {formatDate(call.calledAt, i18n.language)} ·{' '}
              <span className="stars" aria-hidden="true">{'★'.repeat(call.satisfaction)}{'☆'.repeat(5 - call.satisfaction)}</span>{' '}
              {t('supervision:followUps.score', { score: call.satisfaction })}
              {call.remarks && <> · <span className="pre-wrap">{call.remarks}</span></>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
