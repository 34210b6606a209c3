// Settings -> Lab server (issue 14): where the lab's PostgreSQL server is, how to reach it (TLS
// with the lab's CA file), and the password, which main keeps encrypted by the system's key store
// and never shows again. Connecting moves this bench's records onto the server; everyone signs in
// again against the lab's people. Only an engineering manager may change it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabConnectRequest, LabServerSettings, LabTlsMode } from '../../../../preload/contract/lab';
import { ErrorState } from '../../components/states';
import { chooseLabCa, connectLab, disconnectLab, loadLabSettings, testLab, useLabStore } from '../../stores/lab-store';

const EMPTY: LabServerSettings = { host: '', port: 5432, database: 'optic_bench', user: '', tls: 'verify-full' };

export function LabServerPanel({ canAct }: { canAct: boolean }) {
  const view = useLabStore((s) => s.view);
  useEffect(() => {
    void loadLabSettings();
  }, []);
  // Remount the form when the saved settings change, so it starts from them.
  const saved = view?.settings ?? EMPTY;
  return <LabServerForm key={JSON.stringify(saved)} saved={saved} canAct={canAct} />;
}

function LabServerForm({ saved, canAct }: { saved: LabServerSettings; canAct: boolean }) {
  const { t } = useTranslation('settings');
  const { view, status, busy, tested, error, caFileName } = useLabStore();
  const [form, setForm] = useState<LabServerSettings>(saved);
  const [password, setPassword] = useState('');
  const [forget, setForget] = useState(false);

  const request = (): LabConnectRequest => ({
    settings: { ...form, host: form.host.trim(), database: form.database.trim(), user: form.user.trim() },
    ...(password !== '' ? { password } : {}),
    ...(forget ? { clearPassword: true } : {}),
  });
  const field = (key: 'host' | 'database' | 'user', label: string, extra: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} disabled={!canAct || busy} required data-testid={`lab-${key}`} {...extra} />
    </label>
  );
  const onLab = status?.mode === 'lab';

  return (
    <section className="card" aria-labelledby="lab-title" data-testid="lab-panel">
      <h2 id="lab-title">{t('lab.title')}</h2>
      <p className="muted">{t('lab.explain')}</p>
      <p role="status" data-testid="lab-mode">
        {onLab ? t('lab.usingLab', { server: status?.server ?? '' }) : t('lab.usingBench')}
      </p>
      <form
        className="lab-form"
        onSubmit={(e) => {
          e.preventDefault();
          void connectLab(request()).then((ok) => {
            if (ok) setPassword('');
          });
        }}
      >
        <div className="row">
          {field('host', t('lab.host'), { placeholder: 'lab-db.example.local', autoComplete: 'off' })}
          <label>
            {t('lab.port')}
            <input type="number" min={1} max={65535} value={form.port} onChange={(e) => setForm({ ...form, port: Number(e.target.value) })} disabled={!canAct || busy} data-testid="lab-port" />
          </label>
          {field('database', t('lab.database'))}
          {field('user', t('lab.user'), { autoComplete: 'off' })}
        </div>
        <div className="row">
          <label>
            {t('lab.tls')}
            <select value={form.tls} onChange={(e) => setForm({ ...form, tls: e.target.value as LabTlsMode })} disabled={!canAct || busy} data-testid="lab-tls">
              <option value="verify-full">{t('lab.tlsVerify')}</option>
              <option value="require">{t('lab.tlsRequire')}</option>
              <option value="off">{t('lab.tlsOff')}</option>
            </select>
          </label>
          {form.tls === 'verify-full' ? (
            <span className="lab-ca">
              <button type="button" onClick={() => void chooseLabCa()} disabled={!canAct || busy} data-testid="lab-choose-ca">
                {t('lab.chooseCa')}
              </button>{' '}
              <span data-testid="lab-ca-name">{caFileName ?? t('lab.noCa')}</span>
            </span>
          ) : null}
        </div>
        <div className="row">
          <label>
            {t('lab.password')}
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              disabled={!canAct || busy || forget}
              placeholder={view?.hasPassword ? t('lab.passwordKept') : t('lab.passwordNone')}
              autoComplete="new-password"
              data-testid="lab-password"
            />
          </label>
          {view?.hasPassword ? (
            <label className="inline">
              <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} disabled={!canAct || busy} data-testid="lab-forget-password" /> {t('lab.forgetPassword')}
            </label>
          ) : null}
        </div>
        <p className="muted">{view?.secretStoreAvailable === false ? t('lab.noSecretStore') : t('lab.passwordWhy')}</p>
        <div className="row">
          <button type="button" onClick={() => void testLab(request())} disabled={!canAct || busy} data-testid="lab-test">
            {t('lab.test')}
          </button>
          <button type="submit" className="primary" disabled={!canAct || busy} aria-busy={busy} data-testid="lab-connect">
            {onLab ? t('lab.reconnect') : t('lab.connect')}
          </button>
          {onLab ? (
            <button type="button" onClick={() => void disconnectLab()} disabled={!canAct || busy} data-testid="lab-disconnect">
              {t('lab.disconnect')}
            </button>
          ) : null}
        </div>
      </form>
      {!canAct ? <p className="disabled-note">{t('lab.needManager')}</p> : null}
      {tested ? (
        <p className="notice notice--success" role="status" data-testid="lab-tested">
          {t('lab.tested', { server: tested.server, version: tested.serverVersion, schema: tested.schemaVersion })} {tested.tls ? t('lab.testedTls') : t('lab.testedPlain')}
        </p>
      ) : null}
      {error ? <ErrorState error={error} compact /> : null}
    </section>
  );
}
