import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface SerialScanInputProps {
  id: string;
  serials: string[];
  onChange: (serials: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
}

/**
 * A barcode scanner acting as a keyboard types the serial then sends Enter. Enter must add the
 * serial and keep focus in the field (never submit the form), so a technician can scan a tray of
 * modules without touching the mouse.
 */
export function SerialScanInput({ id, serials, onChange, invalid, describedBy }: SerialScanInputProps) {
  const { t } = useTranslation('repairs');
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const add = () => {
    const serial = draft.trim();
    if (serial === '') return;
    if (serials.includes(serial)) {
      setNotice(t('intake.serialDuplicate', { serial }));
    } else {
      onChange([...serials, serial]);
      setNotice(t('intake.serialAdded', { serial, count: serials.length + 1 }));
    }
    setDraft('');
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };

  return (
    <div className="serial-scan">
      <div className="serial-scan__row">
        <input
          ref={inputRef}
          id={id}
          className="input input--mono"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={t('intake.serialPlaceholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button" onClick={add} disabled={draft.trim() === ''}>
          {t('intake.addSerial')}
        </button>
      </div>
      <p className="serial-scan__notice" role="status" aria-live="polite">{notice}</p>
      {serials.length > 0 && (
        <ul className="serial-scan__list" aria-label={t('intake.serialListLabel')}>
          {serials.map((serial) => (
            <li key={serial} className="chip">
              <span className="mono">{serial}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={t('intake.removeSerial', { serial })}
                onClick={() => {
                  onChange(serials.filter((s) => s !== serial));
                  inputRef.current?.focus();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
