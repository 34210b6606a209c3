// "Export" on the case list: the cases the list shows (its filters and order, every matching row,
// not only those on screen) or the test runs of the same period, as CSV or JSON. Main asks where
// to save; this shows the busy state, then what was written or why it failed.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportKind } from '../../../../preload/contract/exports';
import { ErrorState } from '../../components/states';
import { exportsApi } from '../../api/exportsApi';
import { dismissExportMessage, runExport, testRunPeriod, useExportsStore } from '../../stores/exports-store';
import type { CaseListFilters } from './types';

const CHOICES: { kind: ExportKind; format: ExportFormat; labelKey: string }[] = [
  { kind: 'cases', format: 'csv', labelKey: 'casesCsv' },
  { kind: 'cases', format: 'json', labelKey: 'casesJson' },
  { kind: 'test-runs', format: 'csv', labelKey: 'testRunsCsv' },
  { kind: 'test-runs', format: 'json', labelKey: 'testRunsJson' },
];

function fileSize(bytes: number, lng: string): string {
  // SI units, as Intl names them: 1 kB = 1,000 bytes.
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(lng, { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(mb ? bytes / 1_000_000 : bytes / 1_000);
}

export function ExportMenu({ filters }: { filters: CaseListFilters }) {
  const { t, i18n } = useTranslation('exports');
  const busy = useExportsStore((s) => s.busy);
  const done = useExportsStore((s) => s.done);
  const error = useExportsStore((s) => s.error);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const available = exportsApi.available();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !toggle.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const period = testRunPeriod(filters);
  const periodText = filters.from && filters.to
    ? t('periodScope', { from: filters.from, to: filters.to })
    : filters.from ? t('periodFrom', { from: filters.from }) : filters.to ? t('periodTo', { to: filters.to }) : t('periodAll');

  const choose = (kind: ExportKind, format: ExportFormat) => {
    setOpen(false);
    toggle.current?.focus();
    void runExport(kind, format, filters);
  };

  return (
    <div className="export-menu" style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '.4rem', maxWidth: '34rem', marginLeft: 'auto' }} data-testid="export-menu">
      <div style={{ position: 'relative' }}>
        <button
          ref={toggle}
          type="button"
          className="button"
          aria-haspopup="true"
          aria-expanded={open}
          aria-controls={panelId}
          aria-busy={busy !== null}
          disabled={busy !== null || !available}
          title={available ? undefined : t('unavailable')}
          onClick={() => setOpen((o) => !o)}
          data-testid="export-toggle"
        >
          {busy !== null ? t('busy') : t('button')} <span aria-hidden="true">▾</span>
        </button>
        {open && (
          <div
            ref={panel}
            id={panelId}
            role="group"
            aria-label={t('menuLabel')}
            className="card"
            style={{ position: 'absolute', right: 0, top: 'calc(100% + .25rem)', zIndex: 20, minWidth: '22rem', boxShadow: '0 6px 24px rgba(0,0,0,.25)' }}
          >
            <p style={{ margin: '0 0 .25rem', fontWeight: 600 }}>{t('casesHeading')}</p>
            <p className="muted" style={{ margin: '0 0 .5rem', fontSize: '.9rem' }}>{t('casesScope')}</p>
            <div className="row" style={{ marginBottom: '.75rem' }}>
              {CHOICES.filter((c) => c.kind === 'cases').map((c) => (
                <button key={c.labelKey} type="button" className="button" aria-label={t(c.labelKey)} data-testid={`export-cases-${c.format}`} onClick={() => choose(c.kind, c.format)}>
                  {c.format === 'csv' ? t('asCsv') : t('asJson')}
                </button>
              ))}
            </div>
            <p style={{ margin: '0 0 .25rem', fontWeight: 600 }}>{t('testRunsHeading')}</p>
            <p className="muted" style={{ margin: '0 0 .5rem', fontSize: '.9rem' }} data-period={JSON.stringify(period)}>{periodText}</p>
            <div className="row">
              {CHOICES.filter((c) => c.kind === 'test-runs').map((c) => (
                <button key={c.labelKey} type="button" className="button" aria-label={t(c.labelKey)} data-testid={`export-test-runs-${c.format}`} onClick={() => choose(c.kind, c.format)}>
                  {c.format === 'csv' ? t('asCsv') : t('asJson')}
                </button>
              ))}
            </div>
          </div>
        )}
      </div>
      <div role="status" aria-live="polite">
        {done !== null && (
          <p data-testid="export-result" data-rows={done.rows} data-file={done.fileName} style={{ margin: 0, display: 'flex', gap: '.5rem', alignItems: 'baseline' }}>
            <span aria-hidden="true">✔</span>
            <span>{t(done.kind === 'cases' ? 'doneCases' : 'doneTestRuns', { count: done.rows, file: done.fileName, size: fileSize(done.bytes, i18n.language) })}</span>
            <button type="button" className="link-button" onClick={dismissExportMessage}>{t('dismiss')}</button>
          </p>
        )}
      </div>
      {error !== null && (
        <div data-testid="export-error" style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '.25rem' }}>
          <ErrorState error={error} compact />
          <button type="button" className="link-button" onClick={dismissExportMessage}>{t('dismiss')}</button>
        </div>
      )}
    </div>
  );
}
