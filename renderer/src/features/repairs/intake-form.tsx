import { useState } from 'react';
import { Controller, useForm, useWatch, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { NamedRef, NotificationChannel } from './types';
import type { IntakeSubmission } from '../../stores/cases-store';
import { rmaNumbersFor } from './case-query';
import { SerialScanInput } from './serial-scan-input';
import { toDateTimeLocalValue } from './format';
import { ErrorNotice } from './error-notice';
import type { ErrorData } from '../../../../preload/contract/errors';

export interface IntakeValues {
  rmaNumber: string;
  partNumber: string;
  customerId: string;
  newCustomerName: string;
  channel: NotificationChannel;
  notifiedAt: string;
  notifiedBy: string;
  complaint: string;
  technicianId: string;
  serials: string[];
}

/** RMA numbers as the contract accepts them (CreateCaseRequestSchema), leaving room for a -NN suffix. */
const RMA_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,35}$/;

// Messages are i18n keys under repairs:intake.errors, so the form speaks the current language.
function intakeSchema(now: () => Date) {
  return z
    .object({
      // Empty: the next number of the RMA sequence (issue 14: two benches never get the same one).
      rmaNumber: z.string().trim().refine((v) => v === '' || RMA_PATTERN.test(v), 'rmaInvalid'),
      partNumber: z.string().max(64),
      customerId: z.string(),
      newCustomerName: z.string().max(200),
      channel: z.enum(['written', 'telephone']),
      notifiedAt: z.string().min(1, 'notifiedAtRequired')
        .refine((v) => !Number.isNaN(new Date(v).getTime()), 'notifiedAtRequired')
        // A minute of slack: the default is "now" rounded down to the minute.
        .refine((v) => new Date(v).getTime() <= now().getTime() + 60_000, 'notifiedAtFuture'),
      notifiedBy: z.string().trim().min(1, 'notifiedByRequired').max(200),
      complaint: z.string().trim().min(1, 'complaintRequired').max(4000),
      technicianId: z.string(),
      serials: z.array(z.string()).min(1, 'serialsRequired'),
    })
    .refine((v) => v.customerId !== '' || v.newCustomerName.trim() !== '', {
      message: 'customerRequired',
      path: ['customerId'],
    });
}

function zodResolver(schema: ReturnType<typeof intakeSchema>): Resolver<IntakeValues> {
  return async (values) => {
    const parsed = schema.safeParse(values);
    if (parsed.success) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'root');
      errors[key] ??= { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: errors as never };
  };
}

export interface IntakeFormProps {
  /** Started from the module on the bench: its serial, part number and vendor as read. */
  prefill?: { serial: string; partNumber: string; vendor: string } | null;
  customers: NamedRef[];
  technicians: NamedRef[];
  onSubmit: (submission: IntakeSubmission) => Promise<void>;
  onCancel: () => void;
  error: ErrorData | null;
  now?: () => Date;
}

export function IntakeForm({ prefill = null, customers, technicians, onSubmit, onCancel, error, now = () => new Date() }: IntakeFormProps) {
  const { t } = useTranslation('repairs');
  const [schema] = useState(() => intakeSchema(now));
  const {
    register, control, handleSubmit, formState: { errors, isSubmitting },
  } = useForm<IntakeValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      rmaNumber: '', partNumber: prefill?.partNumber ?? '',
      customerId: '', newCustomerName: '', channel: 'telephone', notifiedAt: toDateTimeLocalValue(now()),
      notifiedBy: '', complaint: '', technicianId: '', serials: prefill !== null && prefill.serial !== '' ? [prefill.serial] : [],
    },
  });

  const submit = handleSubmit(async (v) => {
    await onSubmit({
      rmaNumber: v.rmaNumber.trim(),
      partNumber: v.partNumber.trim() === '' ? null : v.partNumber.trim(),
      customer: v.customerId !== '' ? { id: Number(v.customerId) } : { name: v.newCustomerName.trim() },
      channel: v.channel,
      notifiedAt: new Date(v.notifiedAt).toISOString(),
      notifiedBy: v.notifiedBy.trim(),
      complaint: v.complaint.trim(),
      technicianId: v.technicianId === '' ? null : Number(v.technicianId),
      serials: v.serials,
      ...(prefill !== null && prefill.vendor !== '' ? { vendor: prefill.vendor } : {}),
    });
  });

  const [serials, rmaDraft] = useWatch({ control, name: ['serials', 'rmaNumber'] });
  const serialCount = serials.length;
  const rmaPreview = serialCount > 1 && rmaDraft.trim() !== '' ? rmaNumbersFor(rmaDraft.trim(), serialCount) : null;

  const err = (name: keyof IntakeValues) => {
    const message = errors[name]?.message;
    return message ? (
      <p className="field__error" id={`intake-${name}-error`} role="alert">{t(`intake.errors.${message}`)}</p>
    ) : null;
  };
  const described = (name: keyof IntakeValues) => (errors[name] ? `intake-${name}-error` : undefined);

  return (
    <form className="panel" aria-labelledby="intake-heading" onSubmit={submit} noValidate>
      <h1 id="intake-heading">{t('intake.heading')}</h1>
      {prefill !== null ? (
        <p className="notice" role="note" data-testid="intake-from-bench">
          {t('intake.fromBench', { serial: prefill.serial || '—', pn: prefill.partNumber || '—', vendor: prefill.vendor || '—' })}
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="intake-rma">{t('intake.rma')}</label>
          <input id="intake-rma" className="input input--mono" autoComplete="off" spellCheck={false}
            placeholder={t('intake.rmaFromSequence')}
            aria-invalid={errors.rmaNumber ? true : undefined} aria-describedby={described('rmaNumber')}
            {...register('rmaNumber')} />
          {err('rmaNumber')}
        </div>
        <div className="field">
          <label htmlFor="intake-customer">{t('intake.customer')}</label>
          <select id="intake-customer" className="select" aria-invalid={errors.customerId ? true : undefined}
            aria-describedby={described('customerId')} {...register('customerId')}>
            <option value="">{t('intake.customerPlaceholder')}</option>
            {customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          <label htmlFor="intake-new-customer" className="field__hint">{t('intake.newCustomer')}</label>
          <input id="intake-new-customer" className="input" autoComplete="off" {...register('newCustomerName')} />
          {err('customerId')}
        </div>
        <fieldset className="field">
          <legend className="field__label">{t('intake.channel')}</legend>
          <div className="radio-group">
            <label><input type="radio" value="telephone" {...register('channel')} /> {t('channel.telephone')}</label>
            <label><input type="radio" value="written" {...register('channel')} /> {t('channel.written')}</label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="intake-notified-at">{t('intake.notifiedAt')}</label>
          <input id="intake-notified-at" className="input" type="datetime-local"
            aria-invalid={errors.notifiedAt ? true : undefined} aria-describedby={described('notifiedAt')}
            {...register('notifiedAt')} />
          {err('notifiedAt')}
        </div>
        <div className="field">
          <label htmlFor="intake-notified-by">{t('intake.notifiedBy')}</label>
          <input id="intake-notified-by" className="input" autoComplete="off" placeholder={t('intake.notifiedByPlaceholder')}
            aria-invalid={errors.notifiedBy ? true : undefined} aria-describedby={described('notifiedBy')}
            {...register('notifiedBy')} />
          {err('notifiedBy')}
        </div>
        <div className="field">
          <label htmlFor="intake-technician">{t('intake.technician')}</label>
          <select id="intake-technician" className="select" {...register('technicianId')}>
            <option value="">{t('intake.unassigned')}</option>
            {technicians.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="intake-pn">{t('intake.partNumber')}</label>
          <input id="intake-pn" className="input input--mono" autoComplete="off" spellCheck={false} maxLength={64}
            {...register('partNumber')} />
        </div>
        <div className="field field--full">
          <label htmlFor="intake-complaint">{t('intake.complaint')}</label>
          <textarea id="intake-complaint" className="textarea" rows={3}
            aria-invalid={errors.complaint ? true : undefined} aria-describedby={described('complaint')}
            {...register('complaint')} />
          {err('complaint')}
        </div>
        <div className="field field--full">
          <label htmlFor="intake-serial">{t('intake.serials')}</label>
          <p className="field__hint" id="intake-serial-hint">{t('intake.serialHint')}</p>
          <Controller
            control={control}
            name="serials"
            render={({ field }) => (
              <SerialScanInput
                id="intake-serial"
                serials={field.value}
                onChange={field.onChange}
                invalid={Boolean(errors.serials)}
                describedBy={errors.serials ? 'intake-serials-error intake-serial-hint' : 'intake-serial-hint'}
              />
            )}
          />
          {err('serials')}
          {rmaPreview && (
            <p className="field__hint" data-testid="rma-preview">
              {t('intake.multiCase', { count: serialCount, first: rmaPreview[0], last: rmaPreview[rmaPreview.length - 1] })}
            </p>
          )}
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      <div className="actions-row">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? t('intake.submitting') : t('intake.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>{t('intake.cancel')}</button>
      </div>
    </form>
  );
}
