import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../../preload/contract';
import { ErrorState } from '../../components/states';
import { formatNumber } from '../../i18n/format';
import { cancelRead, openDump, read, setAutoRead, setRxLightSource, startWatch, useBenchStore, useCharacterShortcut } from '../../stores/bench-store';

/** What the cage holds, as main's watch last saw it: the module's serial, or nothing. */
function Cage() {
  const { t } = useTranslation('bench');
  const cage = useBenchStore((s) => s.cage);
  let text = t('presence.unknown');
  let cls = 'presence--unknown';
  if (cage.state === 'seated' && cage.module !== null) {
    text = cage.module.serial === '' ? t('presence.seatedNoSerial') : t('presence.seated', { serial: cage.module.serial });
    cls = 'presence--present';
  } else if (cage.state === 'empty') {
    text = t('presence.absent');
    cls = 'presence--absent';
  } else if (cage.state === 'error') {
    text = t('presence.error');
    cls = 'presence--absent';
  }
  return (
    <div className={`presence ${cls}`} data-testid="presence" data-state={cage.state}>
      <span className="presence__label">{t('presence.label')}</span>
      <span aria-hidden="true" className="presence__dot" />
      <span className="presence__text" role="status" data-testid="presence-text">
        {text}
      </span>
      {cage.state === 'error' ? (
        <button type="button" onClick={() => void startWatch()}>
          {t('presence.check')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * The bench's controls, on the programmer's line (the answer needs the screen height): the cage,
 * Read, whether a seated module is read by itself, the light source, a dump file.
 */
export function ReadControls({ readButtonRef }: { readButtonRef: React.RefObject<HTMLButtonElement | null> }) {
  const { t } = useTranslation('bench');
  const { status, rxLightSource, autoRead } = useBenchStore();
  const [settingError, setSettingError] = useState<ErrorData | null>(null);
  const reading = status === 'reading';
  const readKey = useCharacterShortcut('R');
  return (
    <>
        <Cage />
        <button
          ref={readButtonRef}
          type="button"
          className="primary big"
          onClick={() => void read()}
          disabled={reading}
          aria-keyshortcuts={readKey.aria}
          data-testid="read-button"
        >
          {reading ? t('read.reading') : t('read.button')} <kbd>{readKey.label}</kbd>
        </button>
        {reading ? (
          <button type="button" onClick={() => void cancelRead()} aria-keyshortcuts="Escape" data-testid="cancel-read">
            {t('read.cancel')} <kbd>Esc</kbd>
          </button>
        ) : null}
        <label className="inline">
          <input
            type="checkbox"
            checked={autoRead}
            onChange={(e) => void setAutoRead(e.target.checked).then(setSettingError)}
            data-testid="auto-read"
          />
          {t('read.auto')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={rxLightSource} onChange={(e) => setRxLightSource(e.target.checked)} disabled={reading} />
          {t('rxLightSource')}
        </label>
      {settingError ? <ErrorState error={settingError} compact /> : null}
    </>
  );
}

/** A dump file instead of the cage: judged the same, stored as imported. */
export function OpenDumpButton() {
  const { t } = useTranslation('bench');
  const reading = useBenchStore((s) => s.status === 'reading');
  return (
    <button type="button" onClick={() => void openDump()} disabled={reading}>
      {t('read.openDump')}
    </button>
  );
}

/** Under the controls: the read in flight, a cancelled or failed read, or why the last result went away. */
export function ReadStatus() {
  const { t, i18n } = useTranslation('bench');
  const { status, progress, error, autoRead, cleared, cage } = useBenchStore();
  const reading = status === 'reading';
  const pct = progress && progress.bytesTotal > 0 ? Math.min(100, Math.round((progress.bytesRead / progress.bytesTotal) * 100)) : 0;
  return (
    <div className="read-panel">
      {cage.state === 'error' && cage.error ? <ErrorState error={cage.error} compact /> : null}
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
      {status === 'idle' && cleared !== null ? (
        <p className="notice" role="status" data-testid="result-cleared" data-reason={cleared.reason}>
          {t(`read.cleared.${cleared.reason}`, { serial: cleared.serial || '—' })}
        </p>
      ) : null}
      {status === 'idle' && cleared === null ? <p className="muted">{autoRead ? t('read.idleHintAuto') : t('read.idleHint')}</p> : null}
    </div>
  );
}
