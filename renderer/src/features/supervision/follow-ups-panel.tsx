import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  loadTechnicians, pickFollowUps, recordCall, useSupervisionStore, weekSeed,
} from '../../stores/supervision-store';
import type { CaseSummary, Technician } from './types';
import { formatDateTime, toDateValue } from '../repairs/format';
import { CallsTable } from './calls-table';

interface PickForm {
  count: number;
  from: string;
  to: string;
  seed: number;
}

/** Who makes the calls: the head of maintenance first (policy rule 6), then the manager, then anyone. */
const CALLER_ORDER: Record<Technician['role'], number> = { supervisor: 0, 'engineering-manager': 1, technician: 2 };

export function FollowUpsPanel({ now = () => new Date() }: { now?: () => Date }) {
  const { t, i18n } = useTranslation('supervision');
  const picked = useSupervisionStore((s) => s.picked);
  const recorded = useSupervisionStore((s) => s.recorded);
  const loading = useSupervisionStore((s) => s.loading);
  const [calling, setCalling] = useState<CaseSummary | null>(null);
  const [defaults] = useState(() => {
    const today = now();
    const weekAgo = new Date(today.getTime() - 7 * 86_400_000);
    return { count: 5, from: toDateValue(weekAgo), to: toDateValue(today), seed: weekSeed(today) };
  });
  const { register, handleSubmit, formState: { errors } } = useForm<PickForm>({ defaultValues: defaults });

  useEffect(() => {
    void loadTechnicians();
  }, []);

  const pick = handleSubmit((v) => pickFollowUps({ count: v.count, from: v.from, to: v.to, seed: v.seed }));
  const locale = i18n.language;

  return (
    <div className="stack">
      <form className="panel" aria-labelledby="follow-pick" onSubmit={pick} noValidate>
        <h2 id="follow-pick">{t('followUps.pickHeading')}</h2>
        <div className="filter-bar">
          <div className="field">
            <label htmlFor="pick-count">{t('followUps.pickCount')}</label>
            <input id="pick-count" className="input" type="number" min={1} max={100} aria-invalid={errors.count ? true : undefined}
              {...register('count', { valueAsNumber: true, validate: (v) => (Number.isInteger(v) && v >= 1 && v <= 100) || 'countInvalid' })} />
          </div>
          <div className="field">
            <label htmlFor="pick-from">{t('followUps.periodFrom')}</label>
            <input id="pick-from" className="input" type="date" {...register('from', { validate: (v) => v !== '' || 'periodRequired' })} />
          </div>
          <div className="field">
            <label htmlFor="pick-to">{t('followUps.periodTo')}</label>
            <input id="pick-to" className="input" type="date" {...register('to', { validate: (v) => v !== '' || 'periodRequired' })} />
          </div>
          <div className="field">
            <label htmlFor="pick-seed">{t('followUps.seed')}</label>
            <input id="pick-seed" className="input input--mono" type="number" min={0} aria-describedby="pick-seed-hint"
              aria-invalid={errors.seed ? true : undefined}
              {...register('seed', { valueAsNumber: true, validate: (v) => (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) || 'seedInvalid' })} />
          </div>
          <button type="submit" className="button button--primary" disabled={loading}>{t('followUps.pick')}</button>
        </div>
        {(errors.count || errors.from || errors.to || errors.seed) && (
          <p className="field__error" role="alert">
            {t(`followUps.errors.${errors.count?.message ?? errors.from?.message ?? errors.to?.message ?? errors.seed?.message}`)}
          </p>
        )}
        <p className="field__hint" id="pick-seed-hint">{t('followUps.seedHint')}</p>
        {picked && (
          <div data-testid="follow-up-picks" data-seed={picked.seed}>
            <p role="status"><strong>
              {picked.candidates.length === 0
                ? t('followUps.pickedEmpty')
                : t('followUps.picked', { count: picked.candidates.length, seed: picked.seed, from: picked.from, to: picked.to })}
            </strong></p>
            {picked.candidates.length > 0 && (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('followUps.col.case')}</th>
                    <th scope="col">{t('followUps.col.customer')}</th>
                    <th scope="col">{t('followUps.col.technician')}</th>
                    <th scope="col">{t('followUps.col.notifiedAt')}</th>
                    <th scope="col">{t('followUps.col.call')}</th>
                  </tr>
                </thead>
                <tbody>
                  {picked.candidates.map((c) => {
                    const call = recorded[c.id];
                    return (
                      <tr key={c.id} data-rma={c.rmaNumber} data-called={call ? 'yes' : 'no'}>
                        <td className="mono">{c.rmaNumber}</td>
                        <td>{c.customerName}</td>
                        <td>{c.technicianName ?? '—'}</td>
                        <td>{formatDateTime(c.notifiedAt, locale)}</td>
                        <td>
                          {call ? (
                            <span>
                              <span className="stars" aria-hidden="true">{'★'.repeat(call.satisfaction)}{'☆'.repeat(5 - call.satisfaction)}</span>{' '}
                              {t('followUps.score', { score: call.satisfaction })}
                            </span>
                          ) : (
                            <button type="button" className="button" onClick={() => setCalling(c)}
                              aria-label={t('followUps.recordFor', { rma: c.rmaNumber })}>
                              {t('followUps.record')}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
        )}
      </form>

      {calling && <CallForm key={calling.id} candidate={calling} today={toDateValue(now())} onDone={() => setCalling(null)} />}

      <CallsTable />
    </div>
  );
}

interface CallValues {
  callerId: string;
  calledAt: string;
  satisfaction: string;
  remarks: string;
}

function CallForm({ candidate, today, onDone }: { candidate: CaseSummary; today: string; onDone: () => void }) {
  const { t } = useTranslation('supervision');
  const technicians = useSupervisionStore((s) => s.technicians);
  const callers = [...technicians].filter((x) => x.active).sort((a, b) => CALLER_ORDER[a.role] - CALLER_ORDER[b.role] || a.name.localeCompare(b.name));
  const { register, handleSubmit, formState: { errors, isSubmitting } } = useForm<CallValues>({
    defaultValues: { callerId: '', calledAt: today, satisfaction: '', remarks: '' },
  });
  const submit = handleSubmit(async (v) => {
    const ok = await recordCall({
      caseId: candidate.id,
      callerId: Number(v.callerId),
      // The call's calendar day; noon UTC keeps the same day in every time zone the bench is in.
      calledAt: `${v.calledAt}T12:00:00Z`,
      satisfaction: Number(v.satisfaction),
      remarks: v.remarks.trim(),
    });
    if (ok) onDone();
  });
  return (
    <form className="panel" aria-labelledby="call-heading" onSubmit={submit} noValidate>
      <h2 id="call-heading">{t('followUps.recordHeading', { rma: candidate.rmaNumber })}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-caller">{t('followUps.caller')}</label>
          <select id="call-caller" className="select" autoFocus aria-invalid={errors.callerId ? true : undefined}
            {...register('callerId', { validate: (v) => v !== '' || 'callerRequired' })}>
            <option value="">{t('followUps.chooseCaller')}</option>
            {callers.map((c) => <option key={c.id} value={c.id}>{c.name} ({t(`role.${c.role}`)})</option>)}
          </select>
          {errors.callerId && <p className="field__error" role="alert">{t(`followUps.errors.${errors.callerId.message}`)}</p>}
        </div>
        <div className="field">
          <label htmlFor="call-date">{t('followUps.calledAt')}</label>
          <input id="call-date" className="input" type="date" max={today} aria-invalid={errors.calledAt ? true : undefined}
            {...register('calledAt', { validate: (v) => v !== '' || 'calledAtRequired' })} />
          {errors.calledAt && <p className="field__error" role="alert">{t(`followUps.errors.${errors.calledAt.message}`)}</p>}
        </div>
        <fieldset className="field">
          <legend className="field__label">{t('followUps.satisfaction')}</legend>
          <div className="radio-group">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n}>
                <input type="radio" value={String(n)} {...register('satisfaction', { validate: (v) => (v !== '' && v !== null) || 'satisfactionRequired' })} /> {n}
              </label>
            ))}
          </div>
          {errors.satisfaction && <p className="field__error" role="alert">{t(`followUps.errors.${errors.satisfaction.message}`)}</p>}
        </fieldset>
        <div className="field field--full">
          <label htmlFor="call-remarks">{t('followUps.remarks')}</label>
          <textarea id="call-remarks" className="textarea" rows={2} maxLength={5000} {...register('remarks')} />
        </div>
      </div>
      <div className="actions-row">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>{t('followUps.submit')}</button>
        <button type="button" className="button" onClick={onDone}>{t('followUps.cancel')}</button>
      </div>
    </form>
  );
}
