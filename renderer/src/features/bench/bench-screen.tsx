import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isTypingTarget, modalOpen } from '../../components/shortcuts';
import { ErrorState } from '../../components/states';
import { VerdictTable } from '../../components/verdict-table';
import {
  cancelRead,
  connectBenchEvents,
  loadSources,
  nextModule,
  openAttach,
  read,
  startMonitor,
  stopMonitor,
  useAttachStore,
  useBenchStore,
} from '../../stores/bench-store';
import { AttachDialog } from './attach-dialog';
import { fieldMapFor } from './field-map';
import { HexView } from './hex-view';
import { IdentitySummary } from './identity-summary';
import { IntegrityPanel } from './integrity-panel';
import { MonitorPanel } from './monitor-panel';
import { ProgrammerPicker } from './programmer-picker';
import { ReadPanel } from './read-panel';
import { OpenReportButton, ReportPreviewDialog } from '../reports/report-preview';
import './bench.css';

export function BenchScreen() {
  const { t } = useTranslation('bench');
  const { result, status, sourcesError, monitor } = useBenchStore();
  const readButtonRef = useRef<HTMLButtonElement>(null);
  const nextButtonRef = useRef<HTMLButtonElement>(null);
  const [attachOpen, setAttachOpen] = useState(false);
  const recorded = useAttachStore((s) => s.recorded);
  const beginAttach = () => {
    openAttach();
    setAttachOpen(true);
  };
  const map = useMemo(() => (result ? fieldMapFor(result.module.standard, result.rawHex.length / 2, result.rawHex) : null), [result]);

  useEffect(() => {
    const disconnect = connectBenchEvents();
    void loadSources();
    readButtonRef.current?.focus();
    return () => {
      void stopMonitor();
      disconnect();
    };
  }, []);

  // Keyboard path of the bench: R / Enter reads, A attaches, N next module, M monitor, Esc cancels.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || modalOpen()) return;
      const s = useBenchStore.getState();
      if (e.key === 'Escape' && s.status === 'reading') {
        e.preventDefault();
        void cancelRead();
        return;
      }
      if (isTypingTarget(e.target)) return;
      const onControl = e.target instanceof HTMLElement && e.target.closest('button, a, select, [role="option"]') !== null;
      const key = e.key.toLowerCase();
      if (key === 'r' || (key === 'enter' && !onControl)) {
        e.preventDefault();
        void read();
      } else if (key === 'a' && s.result && s.status === 'done') {
        e.preventDefault();
        openAttach();
        setAttachOpen(true);
      } else if (key === 'n' && s.status !== 'reading') {
        e.preventDefault();
        void nextModule().then(() => readButtonRef.current?.focus());
      } else if (key === 'm' && s.result?.source === 'programmer') {
        e.preventDefault();
        void (s.monitor.running ? stopMonitor() : startMonitor());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="bench">
      <h1>{t('title')}</h1>
      <section className="card bench__controls" aria-label={t('programmer.label')}>
        <ProgrammerPicker />
        {sourcesError ? <ErrorState error={sourcesError} onRetry={() => void loadSources()} compact /> : null}
        <ReadPanel readButtonRef={readButtonRef} />
      </section>
      {result && status !== 'reading' ? (
        <>
          <div className="bench__actions row">
            <button
              type="button"
              className="primary"
              onClick={beginAttach}
              aria-keyshortcuts="A"
              data-testid="attach-button"
            >
              {t('attach.button')} <kbd>A</kbd>
            </button>
            <button
              ref={nextButtonRef}
              type="button"
              onClick={() => void nextModule().then(() => readButtonRef.current?.focus())}
              aria-keyshortcuts="N"
              data-testid="next-module"
            >
              {t('next')} <kbd>N</kbd>
            </button>
            {recorded ? (
              <span className="recorded" role="status" data-testid="attach-recorded">
                <span aria-hidden="true">✔ </span>
                {/* Issue 14: the lab server did not answer; the run waits in this bench's outbox. */}
                {recorded.run.queued === true ? t('attach.queued', { rma: recorded.rmaNumber }) : t('attach.recorded', { id: recorded.run.id, rma: recorded.rmaNumber })}
              </span>
            ) : null}
            {recorded && recorded.run.queued !== true ? <OpenReportButton kind="test-run" id={recorded.run.id} /> : null}
          </div>
          <IdentitySummary result={result} />
          <section className="card" aria-labelledby="verdicts-title">
            <h2 id="verdicts-title">{t('verdicts.title')}</h2>
            <VerdictTable verdicts={result.evaluation.verdicts} />
          </section>
          <IntegrityPanel result={result} />
          {map ? <HexView rawHex={result.rawHex} map={map} /> : null}
          <MonitorPanel result={result} monitor={monitor} />
          <AttachDialog
            open={attachOpen}
            onClose={(attached) => {
              setAttachOpen(false);
              // Next step of the keyboard path: N (or Enter on the focused button) for the next module.
              window.setTimeout(() => (attached ? nextButtonRef.current : readButtonRef.current)?.focus(), 0);
            }}
            result={result}
          />
        </>
      ) : null}
      <ReportPreviewDialog />
    </div>
  );
}
