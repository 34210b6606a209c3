import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionPreview, ErrorData } from '../../../../preload/contract';
import { CAUSE_CATEGORIES, type CauseCategory } from '../../../../preload/contract/warranty';
import { nextStepWords } from '../../../../preload/contract/words/index';
import { Dialog } from '../../components/dialog';
import { decideCase, previewDecision, useActionError } from '../../stores/cases-store';
import { ErrorNotice } from './error-notice';
import { formatDate, formatDateTime } from './format';
import { ReopenForm } from './reopen-form';
import type { CaseDetail } from './types';

/** Where the age was counted from, in words: the delivery record (its date and customer), or the date code. */
function BasisWords({ detail, preview }: { detail: CaseDetail; preview: Pick<DecisionPreview, 'basis' | 'basisDate'> }) {
  const { t, i18n } = useTranslation(['repairs', 'warranty']);
  const b = preview.basis;
  if (b.kind === 'delivery') {
    return (
      <span data-basis="delivery">
        {t('decision.basisDelivery', { date: formatDate(b.delivery.deliveredOn, i18n.language), customer: b.delivery.customerId === detail.case.customerId ? detail.case.customerName : `#${b.delivery.customerId}` })}
      </span>
    );
  }
  if (b.kind === 'date-code') {
    return (
      <span data-basis="date-code">
        <strong>{t('case.estimated')}</strong>: {t('decision.basisDateCode', { date: formatDate(b.manufacturedOn, i18n.language), code: b.dateCode })}
      </span>
    );
  }
  return <span data-basis="none">{t('warranty:label.noBasis')}</span>;
}

/**
 * The decision shown before it is made (issue 12): what the policy will decide with this cause,
 * on which basis (the delivery record, or the date code when there is none: estimated), the age
 * and the rule, the evidence; the technician confirms, or goes back.
 */
function DecideDialog({ detail, initialCause, onClose }: { detail: CaseDetail; initialCause: CauseCategory; onClose: () => void }) {
  const { t, i18n } = useTranslation(['repairs', 'warranty', 'verdict']);
  const c = detail.case;
  const [cause, setCause] = useState<CauseCategory>(initialCause);
  const [state, setState] = useState<{ cause: CauseCategory; preview: DecisionPreview | null; error: ErrorData | null } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    void previewDecision(c.id, cause).then((r) => {
      if (!live) return;
      setState('preview' in r ? { cause, preview: r.preview, error: null } : { cause, preview: null, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [c.id, cause]);
  const current = state?.cause === cause ? state : null;
  const p = current?.preview ?? null;

  return (
    <Dialog
      open
      title={t('decision.dialogTitle', { rma: c.rmaNumber })}
      onClose={onClose}
      className="decide-dialog"
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="decide-cancel">
            {t('common:action.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            // Focused from the start (Enter confirms, never the close button), inert until the
            // decision is computed: aria-disabled keeps it focusable where disabled would not.
            data-autofocus
            aria-disabled={p === null || busy}
            data-testid="decide-confirm"
            onClick={() => {
              if (p === null || busy) return;
              setBusy(true);
              void decideCase(c.id, cause).then(() => {
                setBusy(false);
                onClose();
              });
            }}
          >
            {p === null ? t('decision.computing') : t('decision.confirm', { decision: t(`warranty:decision.${p.decision}`) })}
          </button>
        </>
      }
    >
      <fieldset className="decide-dialog__cause">
        <legend>{t('case.cause')}</legend>
        {CAUSE_CATEGORIES.map((x) => (
          <label key={x} className="inline">
            <input type="radio" name="decide-cause" value={x} checked={cause === x} onChange={() => setCause(x)} />
            {t(`warranty:cause.${x}`)}
          </label>
        ))}
      </fieldset>
      {current?.error ? <ErrorNotice error={current.error} /> : null}
      {p === null && current?.error === null ? <p role="status">{t('decision.computing')}</p> : null}
      {p !== null ? (
        <dl className="kv" data-testid="decision-preview" data-decision={p.decision} data-estimated={p.estimated}>
          <dt>{t('decision.willBe')}</dt>
          <dd className="big-value">{t(`warranty:decision.${p.decision}`)}</dd>
          <dt>{t('case.decisionRule')}</dt>
          <dd data-rule={p.ruleId ?? ''}>
            {p.ruleId ? (
              <>
                {t(`warranty:rule.${p.ruleId}`)}{i18n.language === 'en' ? <> <span className="mono">({p.ruleId})</span></> : null}
              </>
            ) : (
              p.rule
            )}
          </dd>
          <dt>{t('case.decisionBasis')}</dt>
          <dd>
            <BasisWords detail={detail} preview={p} />
          </dd>
          <dt>{t('case.ageDays')}</dt>
          <dd>{p.ageDays === null ? '—' : t('case.ageDaysValue', { count: p.ageDays })}</dd>
          <dt>{t('decision.evidence')}</dt>
          <dd>
            {t('decision.evidenceRun', { id: p.evidenceTestRunId, verdict: t(`verdict:overall.${p.verdict}`) })}
            {p.evidenceExternalTestId !== null ? ` · ${t('warranty:label.externalEvidence', { id: p.evidenceExternalTestId })}` : ''}
          </dd>
          {p.needs.length > 0 ? (
            <>
              <dt>{t('warranty:label.needs')}</dt>
              <dd>
                <ol>
                  {p.needs.map((n) => (
                    <li key={n}>{nextStepWords(t, n)}</li>
                  ))}
                </ol>
              </dd>
            </>
          ) : null}
          <dt>{t('decision.then')}</dt>
          <dd>{t(`status.${p.to}`)}</dd>
        </dl>
      ) : null}
    </Dialog>
  );
}

export function DecisionPanel({ detail, busy }: { detail: CaseDetail; busy: boolean }) {
  const { t, i18n } = useTranslation(['repairs', 'warranty']);
  const c = detail.case;
  const [cause, setCause] = useState<CauseCategory | ''>(c.cause ?? '');
  const [dialog, setDialog] = useState(false);
  const error = useActionError('decide');
  const decision = c.decisionDetail;
  const canDecide = c.status === 'awaiting-decision';
  const hasBeforeRun = detail.testRuns.some((r) => r.role === 'before-repair' && r.correctedById === null && r.source === 'programmer');
  const blocker = !hasBeforeRun ? t('case.decideNeedsRun') : cause === '' ? t('case.decideNeedsCause') : null;
  const usedDelivery = decision?.deliveryId != null ? (detail.deliveries.find((d) => d.id === decision.deliveryId) ?? null) : null;
  // The run the decision rested on was withdrawn since: a supervisor reopens the decision.
  const evidenceWithdrawn = decision !== null && (detail.withdrawnRuns ?? []).some((r) => r.id === decision.evidenceTestRunId) && !detail.testRuns.some((r) => r.id === decision.evidenceTestRunId);
  return (
    <section className="panel" aria-labelledby="case-decision">
      <h2 id="case-decision">{t('case.decisionHeading')}</h2>
      {decision ? (
        <dl className="kv" data-testid="case-decision" data-decision={decision.decision}>
          <dt>{t('case.decisionHeading')}</dt>
          <dd className="big-value">{t(`warranty:decision.${decision.decision}`)}</dd>
          <dt>{t('case.decisionRule')}</dt>
          <dd data-rule={decision.ruleId ?? ''}>
            {decision.ruleId ? (
              <>
                {t(`warranty:rule.${decision.ruleId}`)}{i18n.language === 'en' ? <> <span className="mono">({decision.ruleId})</span></> : null}
              </>
            ) : (
              decision.rule
            )}
          </dd>
          {(decision.needs ?? []).length > 0 && (
            <>
              <dt>{t('warranty:label.needs')}</dt>
              <dd>
                <ol data-testid="decision-needs">
                  {(decision.needs ?? []).map((n) => (
                    <li key={n} data-need={n}>
                      {nextStepWords(t, n)}
                    </li>
                  ))}
                </ol>
              </dd>
            </>
          )}
          <dt>{t('case.decisionBasis')}</dt>
          <dd data-estimated={decision.estimated} data-testid="decision-basis">
            {decision.basisDate === null ? (
              t('warranty:label.noBasis')
            ) : decision.estimated ? (
              <>
                <strong>{t('case.estimated')}</strong>: {t('case.basisEstimated', { date: formatDate(decision.basisDate, i18n.language) })}
              </>
            ) : usedDelivery !== null ? (
              t('decision.basisDeliveryRecord', { date: formatDate(usedDelivery.deliveredOn, i18n.language), imported: formatDateTime(usedDelivery.importedAt, i18n.language), id: usedDelivery.id })
            ) : (
              t('case.basisDelivery', { date: formatDate(decision.basisDate, i18n.language) })
            )}
          </dd>
          <dt>{t('case.ageDays')}</dt>
          <dd>{decision.ageDays === null ? '—' : t('case.ageDaysValue', { count: decision.ageDays })}</dd>
          <dt>{t('decision.evidence')}</dt>
          <dd>
            #{decision.evidenceTestRunId}
            {decision.evidenceExternalTestId != null ? ` · ${t('warranty:label.externalEvidence', { id: decision.evidenceExternalTestId })}` : ''}
          </dd>
          <dt>{t('case.cause')}</dt>
          <dd>{t(`warranty:cause.${decision.cause}`)}</dd>
          <dt>{t('case.decidedBy')}</dt>
          <dd>
            {decision.decidedBy} · {formatDateTime(decision.decidedAt, i18n.language)}
          </dd>
        </dl>
      ) : (
        <p>{canDecide ? t('case.noDecision') : t('case.decisionLater')}</p>
      )}
      {evidenceWithdrawn ? (
        <p className="notice notice--error" role="note" data-testid="decision-evidence-withdrawn">
          {t('decision.evidenceWithdrawn', { id: decision?.evidenceTestRunId ?? '' })}
        </p>
      ) : null}
      {decision && c.status !== 'closed' ? <ReopenForm caseId={c.id} busy={busy} /> : null}
      {canDecide && (
        <>
          <div className="filter-bar">
            <div className="field field--wide">
              <label htmlFor="case-cause">{t('case.cause')}</label>
              <select id="case-cause" className="select" value={cause} onChange={(e) => setCause(e.target.value as CauseCategory | '')}>
                <option value="">{t('case.chooseCause')}</option>
                {CAUSE_CATEGORIES.map((x) => (
                  <option key={x} value={x}>
                    {t(`warranty:cause.${x}`)}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button button--primary"
              disabled={busy || blocker !== null}
              data-testid="decide"
              aria-describedby={blocker ? 'decide-blocker' : undefined}
              aria-haspopup="dialog"
              onClick={() => setDialog(true)}
            >
              {busy ? t('case.deciding') : t('decision.show')}
            </button>
          </div>
          {blocker && (
            <p className="field__hint" id="decide-blocker">
              {blocker}
            </p>
          )}
        </>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {dialog && cause !== '' ? <DecideDialog detail={detail} initialCause={cause} onClose={() => setDialog(false)} /> : null}
    </section>
  );
}
