import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData, SessionPerson, SessionStatus } from '../../../../preload/contract';
import { ErrorState } from '../../components/states';
import { clearSessionError, setupFirstManager, signIn, signOut, unlock, useSessionStore } from '../../stores/session-store';
import { setStation, useAppStore } from '../../stores/app-store';
import './session.css';

function PinInput({ value, onChange, id, label }: { value: string; onChange: (v: string) => void; id: string; label: string }) {
  return (
    <label htmlFor={id}>
      {label}
      <input
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="\d{4,12}"
        maxLength={12}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
        required
        data-testid={id}
      />
    </label>
  );
}

function SessionError() {
  const error = useSessionStore((s) => s.error);
  return error ? <ErrorState error={error} compact /> : null;
}

/** A fresh database: nobody has a PIN, and the first one goes to an engineering manager. */
function SetupForm({ status }: { status: SessionStatus }) {
  const { t } = useTranslation('session');
  const busy = useSessionStore((s) => s.busy);
  const [existing, setExisting] = useState<number | 'new'>(status.people[0]?.id ?? 'new');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  // First start (issue 12): the station is named here too, before any read can be recorded.
  const stationKnown = useAppStore((s) => s.station !== '');
  const [station, setStationName] = useState('');
  const [stationError, setStationError] = useState<ErrorData | null>(null);
  const mismatch = again !== '' && pin !== again;
  return (
    <form
      className="session-card"
      aria-labelledby="setup-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (pin !== again) return;
        void setupFirstManager(existing === 'new' ? { code: code.trim(), name: name.trim(), pin } : { technicianId: existing, pin }).then(async (ok) => {
          if (ok && !stationKnown && station.trim() !== '') setStationError(await setStation(station.trim()));
        });
      }}
    >
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p>{t('setup.explain')}</p>
      {stationKnown ? null : (
        <label>
          {t('setup.station')}
          <input value={station} onChange={(e) => setStationName(e.target.value)} maxLength={100} required data-testid="setup-station" />
        </label>
      )}
      {stationError ? <ErrorState error={stationError} compact /> : null}
      {status.people.length > 0 ? (
        <label>
          {t('setup.who')}
          <select value={existing} onChange={(e) => setExisting(e.target.value === 'new' ? 'new' : Number(e.target.value))} data-testid="setup-person">
            {status.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.code})
              </option>
            ))}
            <option value="new">{t('setup.someoneNew')}</option>
          </select>
        </label>
      ) : null}
      {existing === 'new' ? (
        <>
          <label>
            {t('setup.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-testid="setup-name" />
          </label>
          <label>
            {t('setup.code')}
            <input value={code} onChange={(e) => setCode(e.target.value)} pattern="[A-Za-z0-9._\-]{1,32}" maxLength={32} required data-testid="setup-code" />
          </label>
          <p className="muted">{t('setup.codeHint')}</p>
        </>
      ) : null}
      <PinInput id="setup-pin" value={pin} onChange={setPin} label={t('pin')} />
      <PinInput id="setup-pin-again" value={again} onChange={setAgain} label={t('pinAgain')} />
      {mismatch ? <p className="field-error">{t('pinsDiffer')}</p> : null}
      <p className="muted">{t('pinRule')}</p>
      <SessionError />
      <button type="submit" className="primary" disabled={busy || mismatch} data-testid="setup-submit">
        {t('setup.submit')}
      </button>
    </form>
  );
}

function SignInForm({ people, preselect }: { people: SessionPerson[]; preselect?: number }) {
  const { t } = useTranslation('session');
  const busy = useSessionStore((s) => s.busy);
  const [who, setWho] = useState<number | null>(preselect ?? null);
  const [pin, setPin] = useState('');
  return (
    <form
      className="session-card"
      aria-labelledby="sign-in-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (who === null) return;
        void signIn(who, pin).then((ok) => {
          if (!ok) setPin('');
        });
      }}
    >
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.explain')}</p>
      <label>
        {t('signIn.who')}
        <select
          value={who ?? ''}
          onChange={(e) => {
            setWho(e.target.value === '' ? null : Number(e.target.value));
            clearSessionError();
          }}
          required
          data-testid="sign-in-person"
        >
          <option value="">{t('signIn.choose')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.code}) · {t(`roles.${p.role}`)}
            </option>
          ))}
        </select>
      </label>
      <PinInput id="sign-in-pin" value={pin} onChange={setPin} label={t('pin')} />
      <SessionError />
      <button type="submit" className="primary" disabled={busy || who === null || pin.length < 4} data-testid="sign-in-submit">
        {t('signIn.submit')}
      </button>
    </form>
  );
}

/** The station is locked: its person unlocks with their PIN, or someone else signs in. */
function LockForm({ status }: { status: SessionStatus }) {
  const { t } = useTranslation('session');
  const busy = useSessionStore((s) => s.busy);
  const [pin, setPin] = useState('');
  const [switching, setSwitching] = useState(false);
  const person = status.person;
  if (switching || person === null) return <SignInForm people={status.people} />;
  return (
    <form
      className="session-card"
      aria-labelledby="lock-title"
      onSubmit={(e) => {
        e.preventDefault();
        void unlock(pin).then((ok) => {
          if (!ok) setPin('');
        });
      }}
    >
      <h1 id="lock-title">{t('lock.title')}</h1>
      <p data-testid="lock-person">{t('lock.explain', { name: person.name, code: person.code })}</p>
      <PinInput id="unlock-pin" value={pin} onChange={setPin} label={t('pin')} />
      <SessionError />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || pin.length < 4} data-testid="unlock-submit">
          {t('lock.unlock')}
        </button>
        <button
          type="button"
          onClick={() => {
            clearSessionError();
            setSwitching(true);
          }}
          data-testid="lock-switch"
        >
          {t('lock.someoneElse')}
        </button>
        <button type="button" className="link-button" onClick={() => void signOut()} data-testid="lock-sign-out">
          {t('signOut')}
        </button>
      </div>
    </form>
  );
}

/** What stands between the station and its records until someone signs in. */
export function SessionGate({ status }: { status: SessionStatus }) {
  const { t } = useTranslation('session');
  return (
    <div className={`session-gate session-gate--${status.state}`} role="dialog" aria-modal="true" aria-label={t(`state.${status.state}`)} data-testid="session-gate" data-state={status.state}>
      {status.state === 'setup-required' ? <SetupForm status={status} /> : status.state === 'locked' ? <LockForm status={status} /> : <SignInForm people={status.people} />}
    </div>
  );
}

/**
 * A station signed in but never named (set up from the command line, or a restored database):
 * it is named before anything else, so every read it stores says where it was taken. Who works
 * at it is the person signed in, chosen from the technicians list at sign-in.
 */
export function StationGate({ person }: { person: SessionPerson }) {
  const { t } = useTranslation('session');
  const [station, setStationName] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="session-gate session-gate--station" role="dialog" aria-modal="true" aria-labelledby="station-gate-title" data-testid="station-gate">
      <form
        className="session-card"
        onSubmit={(e) => {
          e.preventDefault();
          if (station.trim() === '') return;
          setBusy(true);
          void setStation(station.trim()).then((err) => {
            setError(err);
            setBusy(false);
          });
        }}
      >
        <h1 id="station-gate-title">{t('station.title')}</h1>
        <p>{t('station.explain')}</p>
        <label>
          {t('setup.station')}
          <input value={station} onChange={(e) => setStationName(e.target.value)} maxLength={100} required autoFocus data-testid="station-gate-name" />
        </label>
        <p data-testid="station-gate-person">{t('station.who', { name: person.name, code: person.code, role: t(`roles.${person.role}`) })}</p>
        {error ? <ErrorState error={error} compact /> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || station.trim() === ''} data-testid="station-gate-save">
            {t('station.save')}
          </button>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t('station.someoneElse')}
          </button>
        </div>
      </form>
    </div>
  );
}
