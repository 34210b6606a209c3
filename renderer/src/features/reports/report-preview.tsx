import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportKind, ReportLanguage } from '../../../../preload/contract/reports';
import { REPORT_LANGS } from '../../../../preload/contract/reports';
import { Dialog } from '../../components/dialog';
import { ErrorState, LoadingState } from '../../components/states';
import { matchesShortcut } from '../../components/shortcuts';
import { closeReport, openReport, printReport, retryReport, saveReportPdf, setReportLanguage, useReportsStore, type ReportOutcome } from '../../stores/reports-store';
import './reports.css';

// The document's language names are written in that language, so each is readable to its reader.
const LANGUAGE_NAMES: Record<ReportLanguage, string> = { en: 'English', 'zh-CN': '中文' };

/** Opens the report preview of a test run or a repair case. */
export function OpenReportButton({ kind, id, className, compact }: { kind: ReportKind; id: number; className?: string; compact?: boolean }) {
  const { t } = useTranslation('reports');
  const label = t(kind === 'repair' ? 'open.repair' : 'open.testRun');
  return (
    <button
      type="button"
      className={className}
      data-testid={kind === 'repair' ? 'open-repair-report' : 'open-test-report'}
      data-report-id={id}
      aria-haspopup="dialog"
      // A row's short "Report" button names its run for screen readers.
      aria-label={compact ? t('open.testRunNumbered', { id }) : undefined}
      onClick={() => void openReport(kind, id)}
    >
      {compact ? t('open.short') : label}
    </button>
  );
}

function OutcomeLine({ outcome }: { outcome: ReportOutcome | null }) {
  const { t, i18n } = useTranslation('reports');
  if (!outcome) return null;
  if (outcome.kind === 'saved') {
    const kb = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(outcome.bytes / 1024)));
    return (
      <span data-outcome="saved">
        <span aria-hidden="true">✔ </span>
        {t('outcome.saved', { fileName: outcome.fileName, size: kb })}
      </span>
    );
  }
  return <span data-outcome={outcome.kind}>{t(`outcome.${outcome.kind}`)}</span>;
}

/** The preview of the open report (if any) as a modal: main's static HTML in a sandboxed frame. */
export function ReportPreviewDialog() {
  const { t } = useTranslation('reports');
  const { target, lang, preview, loading, error, busy, actionError, outcome } = useReportsStore();
  const ready = preview !== null && !loading && busy === null;
  const heading = preview?.title ?? (target ? t(target.kind === 'repair' ? 'heading.repair' : 'heading.testRun', { id: target.id }) : '');

  const open = target !== null;
  useEffect(() => {
    if (!open) return;
    // Ctrl+P / Ctrl+S act on the report, not on the application page behind it, wherever the
    // focus is in the modal (its close button comes first).
    const onKey = (e: globalThis.KeyboardEvent) => {
      const print = matchesShortcut(e, 'Ctrl+P');
      if (!print && !matchesShortcut(e, 'Ctrl+S')) return;
      e.preventDefault();
      const s = useReportsStore.getState();
      if (s.preview === null || s.loading || s.busy !== null) return;
      void (print ? printReport() : saveReportPdf());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <Dialog open={open} title={heading} onClose={closeReport} className="dialog--report">
      <div className="report-preview" data-testid="report-preview" data-kind={target?.kind} data-lang={lang}>
        <div className="report-toolbar">
          <div className="report-toolbar__langs" role="group" aria-label={t('language')}>
            <span className="report-toolbar__label" aria-hidden="true">{t('language')}</span>
            {REPORT_LANGS.map((l) => (
              <button key={l} type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'is-active' : ''} disabled={busy !== null} onClick={() => void setReportLanguage(l)}>
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
          <span className="report-toolbar__spacer" />
          <button type="button" disabled={!ready} aria-keyshortcuts="Control+P" onClick={() => void printReport()} data-testid="report-print">
            {busy === 'print' ? t('printing') : t('print')} <kbd>Ctrl+P</kbd>
          </button>
          <button type="button" className="primary" disabled={!ready} aria-keyshortcuts="Control+S" onClick={() => void saveReportPdf()} data-testid="report-save-pdf">
            {busy === 'save' ? t('saving') : t('savePdf')} <kbd>Ctrl+S</kbd>
          </button>
        </div>
        <p className="report-status" role="status" aria-live="polite" data-testid="report-status">
          {busy === 'print' ? t('printing') : busy === 'save' ? t('saving') : loading && preview ? t('loading') : <OutcomeLine outcome={outcome} />}
        </p>
        {actionError ? <ErrorState error={actionError} compact /> : null}
        {error ? (
          <ErrorState error={error} onRetry={() => void retryReport()} />
        ) : preview ? (
          // sandbox="" without allow-scripts: the document is static, and even so it gets an opaque
          // origin, no scripts, no forms, no window.bench (the bridge installs on the app's origin only).
          <iframe className="report-frame" sandbox="" srcDoc={preview.html} title={t('frameTitle', { title: preview.title })} aria-busy={loading} data-testid="report-frame" />
        ) : (
          <LoadingState label={t('loading')} />
        )}
      </div>
    </Dialog>
  );
}
