import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_STATUSES } from '../../../../preload/contract/records';
import {
  fileComplaint, loadComplaints, setComplaintFilter, updateComplaint, useSupervisionStore,
} from '../../stores/supervision-store';
import type { ComplaintAddressee, ComplaintRowView, ComplaintStatus } from './types';
import { formatDateTime } from '../repairs/format';

interface ComplaintForm {
  rmaNumber: string;
  addressedTo: ComplaintAddressee;
  text: string;
}

export function ComplaintsPanel() {
  const { t, i18n } = useTranslation('supervision');
  const complaints = useSupervisionStore((s) => s.complaints);
  const filter = useSupervisionStore((s) => s.complaintFilter);
  const loading = useSupervisionStore((s) => s.loading);
  const { register, control, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<ComplaintForm>({
    defaultValues: { rmaNumber: '', addressedTo: 'supervisor', text: '' },
  });

  const rmaDraft = useWatch({ control, name: 'rmaNumber' });
  useEffect(() => {
    void loadComplaints();
  }, []);

  const submit = handleSubmit(async (v) => {
    const rmaNumber = v.rmaNumber.trim();
    const outcome = await fileComplaint({ rmaNumber, addressedTo: v.addressedTo, text: v.text.trim() });
    if (outcome === 'unknown-case') setError('rmaNumber', { type: 'validate', message: 'caseUnknown' });
    if (outcome === 'ok') reset({ rmaNumber: '', addressedTo: v.addressedTo, text: '' });
  });

  return (
    <div className="stack">
      <form className="panel" aria-labelledby="complaint-new" onSubmit={submit} noValidate>
        <h2 id="complaint-new">{t('complaints.new')}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="complaint-rma">{t('complaints.case')}</label>
            <input id="complaint-rma" className="input input--mono" autoComplete="off" placeholder={t('complaints.casePlaceholder')}
              aria-invalid={errors.rmaNumber ? true : undefined}
              {...register('rmaNumber', { validate: (v) => v.trim() !== '' || 'caseRequired' })} />
            {errors.rmaNumber && (
              <p className="field__error" role="alert">{t(`complaints.errors.${errors.rmaNumber.message}`, { rma: rmaDraft.trim() })}</p>
            )}
          </div>
          <fieldset className="field">
            <legend className="field__label">{t('complaints.addressedTo')}</legend>
            <div className="radio-group">
              <label><input type="radio" value="supervisor" {...register('addressedTo')} /> {t('addressee.supervisor')}</label>
              <label><input type="radio" value="engineering-manager" {...register('addressedTo')} /> {t('addressee.engineering-manager')}</label>
            </div>
          </fieldset>
          <div className="field field--full">
            <label htmlFor="complaint-text">{t('complaints.text')}</label>
            <textarea id="complaint-text" className="textarea" rows={3} maxLength={4000}
              aria-invalid={errors.text ? true : undefined}
              {...register('text', { validate: (v) => v.trim() !== '' || 'textRequired' })} />
            {errors.text && <p className="field__error" role="alert">{t(`complaints.errors.${errors.text.message}`)}</p>}
          </div>
        </div>
        <button type="submit" className="button button--primary" disabled={isSubmitting}>{t('complaints.submit')}</button>
      </form>

      <section className="panel" aria-labelledby="complaint-list">
        <div className="feature-header">
          <h2 id="complaint-list">{t('complaints.heading')}</h2>
          <div className="field">
            <label htmlFor="complaint-filter">{t('complaints.filterStatus')}</label>
            <select id="complaint-filter" className="select" value={filter}
              onChange={(e) => setComplaintFilter(e.target.value as ComplaintStatus | 'all')}>
              <option value="all">{t('complaints.all')}</option>
              {COMPLAINT_STATUSES.map((st) => <option key={st} value={st}>{t(`complaintStatus.${st}`)}</option>)}
            </select>
          </div>
        </div>
        {complaints.length === 0 && !loading ? <p>{t('complaints.empty')}</p> : (
          <table className="data-table" data-testid="complaints-table">
            <thead>
              <tr>
                <th scope="col">{t('complaints.col.received')}</th>
                <th scope="col">{t('complaints.col.case')}</th>
                <th scope="col">{t('complaints.col.technician')}</th>
                <th scope="col">{t('complaints.col.addressedTo')}</th>
                <th scope="col">{t('complaints.col.text')}</th>
                <th scope="col">{t('complaints.col.status')}</th>
                <th scope="col">{t('complaints.col.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {complaints.map((c) => <ComplaintRow key={c.id} complaint={c} locale={i18n.language} />)}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ComplaintRow({ complaint, locale }: { complaint: ComplaintRowView; locale: string }) {
  const { t } = useTranslation('supervision');
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <tr data-complaint-id={complaint.id} data-status={complaint.status} data-addressee={complaint.addressedTo}>
      <td>{formatDateTime(complaint.createdAt, locale)}</td>
      <td className="mono">{complaint.rmaNumber ?? `#${complaint.repairCaseId}`}</td>
      <td>{complaint.technicianName ?? '—'}</td>
      <td><strong>{t(`addressee.${complaint.addressedTo}`)}</strong></td>
      <td className="pre-wrap">{complaint.text}</td>
      <td>{t(`complaintStatus.${complaint.status}`)}</td>
      <td>
        {complaint.status === 'resolved' ? (complaint.resolution ?? '') : resolving ? (
          <form onSubmit={(e) => {
            e.preventDefault();
            if (resolution.trim() === '') { setMissing(true); return; }
            void updateComplaint(complaint.id, 'resolved', resolution.trim()).then((ok) => { if (ok) setResolving(false); });
          }}>
            <label htmlFor={`resolution-${complaint.id}`}>{t('complaints.resolution')}</label>
            <textarea id={`resolution-${complaint.id}`} className="textarea" rows={2} maxLength={4000}
              placeholder={t('complaints.resolutionPlaceholder')} value={resolution} aria-invalid={missing || undefined}
              onChange={(e) => { setResolution(e.target.value); setMissing(false); }} autoFocus />
            {missing && <p className="field__error" role="alert">{t('complaints.errors.resolutionRequired')}</p>}
            <div className="actions-row">
              <button type="submit" className="button button--primary">{t('complaints.confirmResolve')}</button>
              <button type="button" className="button" onClick={() => setResolving(false)}>{t('complaints.cancel')}</button>
            </div>
          </form>
        ) : (
          <div className="actions-row">
            {complaint.status === 'open' && (
              <button type="button" className="button" onClick={() => void updateComplaint(complaint.id, 'in-progress', null)}>
                {t('complaints.start')}
              </button>
            )}
            <button type="button" className="button" onClick={() => setResolving(true)}>{t('complaints.resolve')}</button>
          </div>
        )}
      </td>
    </tr>
  );
}
