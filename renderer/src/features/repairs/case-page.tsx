import { useEffect, useRef, useState } from 'react';
import { announce } from '../../components/announcer';
import { useTranslation } from 'react-i18next';
import { EXTERNAL_TEST_KINDS, EXTERNAL_TEST_RESULTS, TEST_RUN_ROLES, type ExternalTestKind, type ExternalTestResult, type TestRunRole } from '../../../../preload/contract/records';
import { assignTechnician, loadReferenceData, openCase, recordExternalTest, transitionCase, useActionError, useCasesStore } from '../../stores/cases-store';
import type { CaseDetail, RepairStatus } from './types';
import { StatusBadge } from './status-badge';
import { VerdictBadge } from '../../components/verdict-badge';
import { formatDate, formatDateTime } from './format';
import { ErrorNotice } from './error-notice';
import { manualTransitions, transitionBlocker, transitionNeedsWork } from './workflow';
import { END_STATUSES } from '../../../../preload/contract/records';
import { OpenReportButton, ReportPreviewDialog } from '../reports/report-preview';
import { CaseRunsPanel } from './case-runs-panel';
import { DecisionPanel } from './decision-panel';


/**
 * A decision's history note is main's English rule ("fail-within-1-year: fails a specified
 * parameter, ..."), kept so in the record and the audit; the page says the rule in its own words
 * by its id. Other notes (reasons a person typed) are shown as typed.
 */
function historyNote(t: (key: string) => string, exists: (key: string) => boolean, note: string): string {
  const m = /^([a-z0-9]+(?:-[a-z0-9]+)+): /.exec(note);
  return m !== null && exists(`warranty:rule.${m[1]}`) ? t(`warranty:rule.${m[1]}`) : note;
}

export function CasePage({ caseId, onBack }: { caseId: number; onBack: () => void }) {
  const { t } = useTranslation('repairs');
  const current = useCasesStore((s) => s.current);
  const currentError = useCasesStore((s) => s.currentError);

  useEffect(() => {
    void openCase(caseId);
    void loadReferenceData();
  }, [caseId]);

  // The view is remounted after every step (keyed below), which dropped the focus to the page
  // body. A case opened puts the focus on its heading; a new status on the status, and says it.
  // Only a lost focus is moved: someone typing elsewhere on the page keeps their place.
  const shown = current && current.case.id === caseId ? current.case : null;
  const seen = useRef<{ id: number; status: string } | null>(null);
  useEffect(() => {
    if (shown === null) return;
    const before = seen.current;
    seen.current = { id: shown.id, status: shown.status };
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (before === null || before.id !== shown.id) {
      if (lost) document.getElementById('case-heading')?.focus();
    } else if (before.status !== shown.status) {
      if (lost) document.querySelector<HTMLElement>('[data-testid="case-status"]')?.focus();
      announce(t('announce.status', { rma: shown.rmaNumber, status: t(`status.${shown.status}`) }));
    }
  }, [shown, t]);

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
  return <CaseView key={`${current.case.id}:${current.case.status}`} detail={current} onBack={onBack} />;
}

function CaseView({ detail, onBack }: { detail: CaseDetail; onBack: () => void }) {
  const { t, i18n } = useTranslation(['repairs', 'statistics']);
  const locale = i18n.language;
  const busy = useCasesStore((s) => s.busy);
  const c = detail.case;

  return (
    <section className="repairs" aria-labelledby="case-heading">
      <button type="button" className="link-button" onClick={onBack}>← {t('backToList')}</button>
      <header className="feature-header">
        <h1 id="case-heading" tabIndex={-1}>{t('case.heading', { rma: c.rmaNumber })}</h1>
        <span className="big-value" data-testid="case-status" data-status={c.status} tabIndex={-1}><StatusBadge status={c.status} /></span>
        <OpenReportButton kind="repair" id={c.id} className="button" />
      </header>
      <ReportPreviewDialog />
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
              <dt>{t('case.deliveries')}</dt>
              <dd data-testid="case-deliveries">
                {detail.deliveries.length === 0
                  ? t('case.noDeliveries')
                  : detail.deliveries.map((d) => (
                      <div key={d.id} data-delivery={d.id} className={c.decisionDetail?.deliveryId === d.id ? 'used-delivery' : undefined}>
                        {formatDate(d.deliveredOn, locale)}
                        {c.decisionDetail?.deliveryId === d.id ? <> · <strong>{t('case.deliveryUsed')}</strong></> : null}
                      </div>
                    ))}
              </dd>
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
                  {h.note && <span className="timeline__note pre-wrap">{historyNote(t, (k) => i18n.exists(k), h.note)}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div className="stack">
          {!END_STATUSES.includes(c.status) && <AssignPanel detail={detail} busy={busy} />}
          <CaseRunsPanel detail={detail} busy={busy} />
          <ExternalTestsPanel detail={detail} busy={busy} />
          <DecisionPanel detail={detail} busy={busy} />
          <TransitionsPanel detail={detail} busy={busy} />
          {(detail.complaints.length > 0 || detail.calls.length > 0) && <SupervisionPanel detail={detail} />}
        </div>
      </div>
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
  const error = useActionError('external');
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
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

function TransitionsPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const c = detail.case;
  const error = useActionError('transition');
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
          <ul className="transition-list">
            {options.map((to) => {
              // Not allowed yet: shown disabled, with what is missing beside it (issue 12).
              const blocker = transitionBlocker(detail, to, { actionTaken: action, replacementSerial: replacement });
              return (
                <li key={to}>
                  <button type="button" className="button" disabled={busy || blocker !== null} data-transition={to} onClick={() => go(to)}
                    aria-describedby={blocker !== null ? `blocker-${to}` : undefined}>
                    {t(`transition.${to}`)}
                  </button>
                  {blocker !== null ? <span className="field__hint" id={`blocker-${to}`} data-blocker={blocker}>{t(`blocker.${blocker}`)}</span> : null}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

function AssignPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t } = useTranslation('repairs');
  const technicians = useCasesStore((s) => s.technicians);
  const error = useActionError('assign');
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
      {error ? <ErrorNotice error={error} /> : null}
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
