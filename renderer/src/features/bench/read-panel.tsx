import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/states';
import { formatNumber } from '../../i18n/format';
import { cancelRead, openDump, probe, read, setRxLightSource, useBenchStore } from '../../stores/bench-store';

function Presence() {
  const { t } = useTranslation('bench');
  const presence = useBenchStore((s) => s.presence);
  let text = t('presence.unknown');
  let cls = 'presence--unknown';
  if (presence.checking) text = t('presence.checking');
  else if (presence.present === true) {
    text = t('presence.present');
    cls = 'presence--present';
  } else if (presence.present === false) {
    text = t('presence.absent');
    cls = 'presence--absent';
  }
  return (
    <div className={`presence ${cls}`} role="status" aria-live="polite" data-testid="presence">
      <span className="presence__label">{t('presence.label')}</span>
      <span aria-hidden="true" className="presence__dot" />
      <span className="presence__text">{text}</span>
      <button type="button" onClick={() => void probe()} disabled={presence.checking}>
        {t('presence.check')}
      </button>
      {presence.error ? <ErrorState error={presence.error} compact /> : null}
    </div>
  );
}

export function ReadPanel({ readButtonRef }: { readButtonRef: React.RefObject<HTMLButtonElement | null> }) {
  const { t, i18n } = useTranslation('bench');
  const { status, progress, rxLightSource, error } = useBenchStore();
  const reading = status === 'reading';
  const pct = progress && progress.bytesTotal > 0 ? Math.min(100, Math.round((progress.bytesRead / progress.bytesTotal) * 100)) : 0;

  return (
    <div className="read-panel">
      <Presence />
      <div className="row">
        <button
          ref={readButtonRef}
          type="button"
          className="primary big"
          onClick={() => void read()}
          disabled={reading}
          aria-keyshortcuts="R Enter"
          data-testid="read-button"
        >
          {reading ? t('read.reading') : t('read.button')} <kbd>R</kbd>
        </button>
        {reading ? (
          <button type="button" onClick={() => void cancelRead()} aria-keyshortcuts="Escape" data-testid="cancel-read">
            {t('read.cancel')} <kbd>Esc</kbd>
          </button>
        ) : null}
        <label className="inline">
          <input type="checkbox" checked={rxLightSource} onChange={(e) => setRxLightSource(e.target.checked)} disabled={reading} />
          {t('rxLightSource')}
        </label>
        <button type="button" onClick={() => void openDump()} disabled={reading}>
          {t('read.openDump')}
        </button>
      </div>
      {reading ? (
        <div className="progress" data-testid="read-progress">
          <progress max={100} value={pct} aria-label={t('read.reading')} />
          <span>
            {progress
              ? t('read.progress', {
                  phase: t(`phase.${progress.phase}`),
                  read: formatNumber(progress.bytesRead, i18n.language),
                  total: formatNumber(progress.bytesTotal, i18n.language),
                })
              : t('read.reading')}
          </span>
        </div>
      ) : null}
      {status === 'cancelled' ? (
        <p className="notice" role="status">
          {t('read.cancelled')}
        </p>
      ) : null}
      {status === 'failed' && error ? <ErrorState error={error} onRetry={() => void read()} /> : null}
      {status === 'idle' ? <p className="muted">{t('read.idleHint')}</p> : null}
    </div>
  );
}
