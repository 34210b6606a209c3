import { useTranslation } from 'react-i18next';
import type { ProgrammerSelection } from '../../../../preload/contract';
import { loadSources, selectProgrammer, selectionKey, useBenchStore } from '../../stores/bench-store';

function parseKey(key: string): ProgrammerSelection | null {
  const i = key.indexOf(':');
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  if (kind === 'sim') return rest ? { kind: 'sim', module: rest } : { kind: 'sim' };
  if (kind === 'buspirate' || kind === 'usbiss') return { kind, path: rest };
  return null;
}

/**
 * Recognised programmers first, then the simulated bench (always there), then serial ports of
 * unknown devices: those cannot be driven without knowing the protocol, so they are shown but
 * disabled, which tells the technician the cable is seen.
 */
export function ProgrammerPicker() {
  const { t } = useTranslation('bench');
  const { ports, simModules, selection, sourcesLoading, status } = useBenchStore();
  const recognised = ports.filter((p) => p.kind !== null);
  const unknown = ports.filter((p) => p.kind === null);
  const sim = selection.kind === 'sim';
  const currentKey = sim ? 'sim:' : selectionKey(selection);
  const busy = status === 'reading';

  return (
    <>
      <label className="inline programmer-picker">
        {t('programmer.label')}
        <select
          value={currentKey}
          disabled={busy}
          data-testid="programmer-select"
          onChange={(e) => {
            const key = e.target.value;
            const sel = key === 'sim:' ? { kind: 'sim' as const, module: simModules[0]?.name } : parseKey(key);
            if (sel) selectProgrammer(sel.kind === 'sim' && !sel.module ? { kind: 'sim' } : sel);
          }}
        >
          {recognised.length > 0 ? (
            <optgroup label={t('programmer.recognised')}>
              {recognised.map((p) => (
                <option key={p.path} value={`${p.kind ?? ''}:${p.path}`}>
                  {p.label ?? p.kind} · {p.path}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value="sim:">{t('programmer.simulated')}</option>
          {unknown.length > 0 ? (
            <optgroup label={t('programmer.otherPorts')}>
              {unknown.map((p) => (
                <option key={p.path} value={`unknown:${p.path}`} disabled>
                  {p.path} · {p.manufacturer ?? t('programmer.unknownPort')}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      {sim ? (
        <label className="inline programmer-picker">
          {t('programmer.simModule')}
          <select
            value={selection.module ?? ''}
            disabled={busy}
            onChange={(e) => selectProgrammer({ kind: 'sim', module: e.target.value })}
            data-testid="sim-module"
          >
            {simModules.map((m) => (
              <option key={m.name} value={m.name} title={m.description}>
                {m.name} ({t(`programmer.simKind.${m.kind}`)})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="button" onClick={() => void loadSources()} disabled={sourcesLoading || busy}>
        {t('programmer.refresh')}
      </button>
      {ports.length === 0 && !sourcesLoading ? (
        <span className="muted programmer-picker__none">
          {t('programmer.noPortsShort')}
        </span>
      ) : null}
    </>
  );
}
