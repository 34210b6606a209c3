import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TECHNICIAN_ROLES, type TechnicianRole } from '../../../../preload/contract/records';
import { ErrorState } from '../../components/states';
import { formatDate } from '../../i18n/format';
import { addTechnician, setTechnicianActive, setTechnicianPin, useSettingsStore } from '../../stores/settings-store';
import { useSessionStore } from '../../stores/session-store';

/** A new PIN, typed twice; the PIN goes to main and is stored only as its slow salted hash. */
function PinForm({ name, onDone }: { name: string; onDone: (pin: string | null) => void }) {
  const { t } = useTranslation('settings');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const valid = /^\d{4,12}$/.test(pin);
  const same = pin === again;
  return (
    <form
      className="row technicians__pin"
      aria-label={t('technicians.setPinFor', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && same) onDone(pin);
      }}
    >
      <label>
        {t('technicians.newPin')}
        <input type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} autoFocus data-testid="pin-new" />
      </label>
      <label>
        {t('technicians.repeatPin')}
        <input type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={again} onChange={(e) => setAgain(e.target.value)} data-testid="pin-repeat" />
      </label>
      {pin !== '' && !valid ? <span className="field-error">{t('technicians.pinRule')}</span> : null}
      {again !== '' && !same ? <span className="field-error">{t('technicians.pinDiffers')}</span> : null}
      <button type="submit" className="primary" disabled={!valid || !same} data-testid="pin-save">
        {t('technicians.savePin')}
      </button>
      <button type="button" onClick={() => onDone(null)}>
        {t('common:action.cancel')}
      </button>
    </form>
  );
}

interface TechnicianForm {
  code: string;
  name: string;
  role: TechnicianRole;
}

export function TechniciansPanel({ canAct }: { canAct: boolean }) {
  const { t, i18n } = useTranslation('settings');
  const { technicians, techniciansError, busy } = useSettingsStore();
  const me = useSessionStore((st) => st.status?.person ?? null);
  const [pinFor, setPinFor] = useState<number | null>(null);
  const form = useForm<TechnicianForm>({ defaultValues: { code: '', name: '', role: 'technician' } });
  const { errors } = form.formState;

  return (
    <section className="card" aria-labelledby="technicians-title">
      <h2 id="technicians-title">{t('technicians.title')}</h2>
      {techniciansError ? <ErrorState error={techniciansError} compact /> : null}
      <table className="data-table" data-testid="technicians-table">
        <thead>
          <tr>
            <th scope="col">{t('technicians.code')}</th>
            <th scope="col">{t('technicians.name')}</th>
            <th scope="col">{t('technicians.role')}</th>
            <th scope="col">{t('technicians.since')}</th>
            <th scope="col">{t('technicians.active')}</th>
            <th scope="col">{t('technicians.pin')}</th>
          </tr>
        </thead>
        <tbody>
          {technicians.length === 0 ? (
            <tr>
              <td colSpan={6} className="data-table__empty">
                {t('technicians.none')}
              </td>
            </tr>
          ) : null}
          {technicians.map((tech) => (
            <tr key={tech.id} className={tech.active ? '' : 'muted'}>
              <td className="code">{tech.code}</td>
              <td>{tech.name}</td>
              <td>{t(`technicians.roles.${tech.role}`)}</td>
              <td>{formatDate(tech.createdAt, i18n.language)}</td>
              <td>
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={tech.active}
                    disabled={busy || !canAct}
                    onChange={(e) => void setTechnicianActive(tech.id, e.target.checked)}
                  />
                  {tech.active ? t('technicians.activeYes') : t('technicians.activeNo')}
                </label>
              </td>
              <td data-testid={`pin-cell-${tech.code}`}>
                {pinFor === tech.id ? (
                  <PinForm
                    name={tech.name}
                    onDone={(pin) => {
                      setPinFor(null);
                      if (pin !== null) void setTechnicianPin(tech.id, pin);
                    }}
                  />
                ) : (
                  <>
                    <span>{tech.hasPin ? t('technicians.pinSetYes') : t('technicians.pinSetNo')}</span>{' '}
                    <button type="button" className="link-button" disabled={busy || (!canAct && me?.id !== tech.id)} onClick={() => setPinFor(tech.id)} data-testid={`pin-set-${tech.code}`}>
                      {tech.hasPin ? t('technicians.changePin') : t('technicians.setPin')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="row technicians__add"
        onSubmit={form.handleSubmit(async (values) => {
          if (await addTechnician({ code: values.code.trim(), name: values.name.trim(), role: values.role })) form.reset();
        })}
        aria-label={t('technicians.add')}
      >
        <label>
          {t('technicians.code')}
          <input
            {...form.register('code', { required: true, pattern: /^[A-Za-z0-9._-]{1,32}$/ })}
            aria-invalid={errors.code ? true : undefined}
            data-testid="technician-code"
          />
          {errors.code ? <span className="field-error">{t('technicians.codeRule')}</span> : null}
        </label>
        <label>
          {t('technicians.name')}
          <input {...form.register('name', { required: true, maxLength: 200 })} aria-invalid={errors.name ? true : undefined} data-testid="technician-name" />
          {errors.name ? <span className="field-error">{t('technicians.nameRule')}</span> : null}
        </label>
        <label>
          {t('technicians.role')}
          <select {...form.register('role')}>
            {TECHNICIAN_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`technicians.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || !canAct} data-testid="technician-add">
          {t('technicians.add')}
        </button>
      </form>
    </section>
  );
}
