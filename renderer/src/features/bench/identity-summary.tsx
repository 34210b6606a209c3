import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { matchedByWords, programmerWords } from '../../../../preload/contract/words/index';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';

// Vendor, PN and SN come from the module's EEPROM: plain text children only (React escapes).
export function IdentitySummary({ result }: { result: BenchReadResult }) {
  const { t, i18n } = useTranslation(['bench', 'module']);
  const lng = i18n.language;
  const m = result.module;
  const ev = result.evaluation;
  const items: [string, string, string?][] = [
    [t('identity.vendor'), m.vendor.name, 'vendor'],
    [t('identity.partNumber'), m.vendor.partNumber, 'part-number'],
    [t('identity.serialNumber'), m.vendor.serialNumber, 'serial-number'],
    [t('identity.revision'), m.vendor.revision],
    [t('identity.dateCode'), m.vendor.dateCode],
    [t('identity.manufactured'), m.vendor.manufactureDate ? formatDate(m.vendor.manufactureDate, lng) : '—', 'manufactured'],
    [t('identity.type'), m.identifier.name],
    [t('identity.standard'), m.standard],
    [t('identity.compliance'), m.compliance.map((c) => c.split(' or ').join(t('module:matchedBy.or'))).join(', ') || '—'],
    [t('identity.wavelength'), m.wavelengthNm === null ? '—' : `${formatNumber(m.wavelengthNm, lng)} nm`],
    [t('identity.connector'), m.connector.name],
    [t('identity.calibration'), m.diagnostics ? t(`module:calibration.${m.diagnostics.calibration}`) : '—'],
  ];
  return (
    <section className="card identity" aria-labelledby="identity-title">
      <h2 id="identity-title">{t('identity.title')}</h2>
      <dl className="identity__grid">
        {items.map(([label, value, id]) => (
          <div key={label} className="identity__item">
            <dt>{label}</dt>
            <dd data-testid={id ? `identity-${id}` : undefined}>{value || '—'}</dd>
          </div>
        ))}
      </dl>
      <p className="identity__meta muted">
        {t('identity.profile')}:{' '}
        {ev.profile ? `${ev.profile.name} v${ev.profile.version} (${ev.profile.source})` : t('identity.noProfile')} ·{' '}
        {t('identity.matchedBy', { how: matchedByWords(t, ev.matchedBy) })} ·{' '}
        {result.source === 'file' && result.fileName
          ? t('read.sourceFile', { name: result.fileName })
          : result.programmer.kind === 'sim'
            ? t('read.bySimulated')
            : t('read.byProgrammer', { programmer: programmerWords(t, result.programmer.identity ?? result.programmer.description) })}{' '}
        · {formatDateTime(result.takenAt, lng)}
      </p>
    </section>
  );
}
