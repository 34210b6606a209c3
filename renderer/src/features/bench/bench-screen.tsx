import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from '../../components/announcer';
import { characterShortcut, isTypingTarget, modalOpen } from '../../components/shortcuts';
import { ErrorState } from '../../components/states';
import { VerdictTable } from '../../components/verdict-table';
import {
  attachChosen,
  cancelRead,
  connectBenchEvents,
  loadSources,
  nextModule,
  openAttach,
  read,
  setBenchTarget,
  startMonitor,
  stopMonitor,
  stopWatch,
  useAttachStore,
  useCharacterShortcut,
  useBenchStore,
} from '../../stores/bench-store';
import { AnswerPanel } from './answer-panel';
import { AttachDialog } from './attach-dialog';
import { AttachPanel, type AttachPanelHandle } from './attach-panel';
import { CmisPanel } from './cmis-panel';
import { fieldMapFor } from './field-map';
import { FlagTable } from './flag-table';
import { HexView } from './hex-view';
import { IdentitySummary } from './identity-summary';
import { IntegrityPanel } from './integrity-panel';
import { LaneGrid } from './lane-grid';
import { MonitorPanel } from './monitor-panel';
import { ProgrammerPicker } from './programmer-picker';
import { OpenDumpButton, ReadControls, ReadStatus } from './read-panel';
import { ReportPreviewDialog } from '../reports/report-preview';
import { SoakPanel } from '../soak/soak-panel';
import './bench.css';

/** The case the bench was opened for from its case page, with a way out. */
function TargetBanner() {
  const { t } = useTranslation('bench');
  const target = useBenchStore((s) => s.target);
  if (target === null) return null;
  return (
    <p className="notice bench__target" role="status" data-testid="bench-target" data-rma={target.rmaNumber} data-role={target.role}>
      {target.replacement ? t('target.replacement', { rma: target.rmaNumber }) : t('target.returned', { rma: target.rmaNumber, role: t(`attach.${target.role}`) })}{' '}
      <button type="button" className="link-button" onClick={() => setBenchTarget(null)}>
        {t('target.cancel')}
      </button>
    </p>
  );
}

/**
 * After the answer, the detail in the order a technician looks for it. Each part is its own
 * section (a soak panel joins as one more), reachable from the list at the top.
 */
const SECTIONS = ['identity', 'lanes', 'flags', 'cmis', 'verdicts', 'integrity', 'hex', 'monitor'] as const;

export function BenchScreen() {
  const { t } = useTranslation('bench');
  const { result, status, sourcesError, monitor } = useBenchStore();
  const recorded = useAttachStore((s) => s.recorded);
  const readButtonRef = useRef<HTMLButtonElement>(null);
  const nextKey = useCharacterShortcut('N');
  const answerHeadingRef = useRef<HTMLHeadingElement>(null);
  const attachRef = useRef<AttachPanelHandle>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  // The answer and what to do with the read are painted first; the detail below them (identity,
  // lanes, flags, CMIS, every verdict, integrity, hex, monitor) follows in a deferred render, so
  // the verdict is on screen sooner (bench:ui seat-to-paint) and the detail a moment later.
  const detail = useDeferredValue(result);
  const detailReady = result !== null && detail === result;
  const map = useMemo(() => (detail ? fieldMapFor(detail.module.standard, detail.rawHex.length / 2, detail.rawHex) : null), [detail]);
  const choice = useAttachStore((s) => s.choice);
  const candidatesLoading = useAttachStore((s) => s.candidatesLoading);
  const readId = result?.readId ?? null;

  useEffect(() => {
    const disconnect = connectBenchEvents();
    void loadSources();
    readButtonRef.current?.focus();
    return () => {
      void stopMonitor();
      // Main stops watching the cage and lets go of the programmer's port.
      stopWatch();
      disconnect();
    };
  }, []);

  // A finished read is said once (the focus stays on Attach, where the next key goes).
  useEffect(() => {
    const r = useBenchStore.getState().result;
    if (readId === null || r === null || r.readId !== readId) return;
    const notPassed = r.evaluation.verdicts.filter((v) => v.status !== 'pass' && v.status !== 'not-applicable').length;
    announce(t('announce.read', { serial: r.module.vendor.serialNumber || t('answer.noSerial'), verdict: t(`verdict:overall.${r.evaluation.overall}`), count: notPassed }));
  }, [readId, t]);

  // The verdict painted: measured for bench:ui (seat to verdict on screen).
  useLayoutEffect(() => {
    if (readId === null) return;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        performance.mark('bench:verdict-painted');
        channel.port1.close();
      };
      channel.port2.postMessage(null);
    });
  }, [readId]);

  // Focus goes where the next key is expected: the Attach button once the case is known (Enter
  // attaches), else New case, else the answer itself (never the body).
  useEffect(() => {
    if (readId === null || status !== 'done' || candidatesLoading || searchOpen) return;
    if (!attachRef.current?.focusPrimary()) answerHeadingRef.current?.focus();
  }, [readId, status, choice, candidatesLoading, searchOpen]);
  useEffect(() => {
    if (recorded !== null) attachRef.current?.focusRecorded();
  }, [recorded]);
  // The result went away (pulled, another module): the focus must not fall to the page body.
  useEffect(() => {
    if (result === null && status === 'idle' && document.activeElement === document.body) readButtonRef.current?.focus();
  }, [result, status]);

  // Keyboard path of the bench: R reads, Enter on the Attach button attaches, A attaches (or
  // asks for a case), N clears by hand, M monitor, Esc cancels a read.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || modalOpen()) return;
      const s = useBenchStore.getState();
      if (e.key === 'Escape' && !e.altKey && s.status === 'reading') {
        e.preventDefault();
        void cancelRead();
        return;
      }
      if (isTypingTarget(e.target)) return;
      const onControl = e.target instanceof HTMLElement && e.target.closest('button, a, select, [role="option"]') !== null;
      // Single-key shortcuts off (Settings -> Bench): the letters work with Alt only, never bare.
      const is = (k: string): boolean => characterShortcut(e, k, s.singleKeys);
      if (is('r') || (e.key === 'Enter' && !e.altKey && !onControl && s.result === null)) {
        e.preventDefault();
        void read();
      } else if (is('a') && s.result && s.status === 'done') {
        e.preventDefault();
        const a = useAttachStore.getState();
        if (a.choice !== null && a.recorded === null) void attachChosen();
        else if (a.recorded === null) {
          openAttach();
          setSearchOpen(true);
        }
      } else if (is('n') && s.status !== 'reading') {
        e.preventDefault();
        void nextModule().then(() => readButtonRef.current?.focus());
      } else if (is('m') && s.result?.source === 'programmer') {
        e.preventDefault();
        void (s.monitor.running ? stopMonitor() : startMonitor());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const lanes = result?.module.diagnostics?.lanes.length ?? 0;
  const shown = (id: (typeof SECTIONS)[number]): boolean => {
    if (result === null) return false;
    if (id === 'lanes') return lanes > 1;
    if (id === 'cmis') return result.module.cmis !== undefined;
    if (id === 'flags') return result.module.diagnostics !== null || result.module.cmis !== undefined;
    if (id === 'hex') return map !== null;
    return true;
  };

  return (
    <div className="bench">
      <h1 className="visually-hidden">{t('title')}</h1>
      <section className="card bench__controls" aria-label={t('programmer.label')}>
        <div className="bench__controls-row">
          <ProgrammerPicker />
          <OpenDumpButton />
        </div>
        <div className="bench__controls-row">
          <ReadControls readButtonRef={readButtonRef} />
        </div>
        {sourcesError ? <ErrorState error={sourcesError} onRetry={() => void loadSources()} compact /> : null}
        <ReadStatus />
      </section>
      <TargetBanner />
      {result && status !== 'reading' ? (
        <>
          <div className="bench__answer">
            <AnswerPanel ref={answerHeadingRef} result={result} />
            <AttachPanel
              ref={attachRef}
              result={result}
              onSearch={() => {
                openAttach();
                setSearchOpen(true);
              }}
            />
          </div>
          <nav className="bench__sections" aria-label={t('sections.label')}>
            <ul>
              {SECTIONS.filter(shown).map((id) => (
                <li key={id}>
                  <a href={`#bench-${id}`} onClick={(e) => {
                    // Hash routes: jump within the page without changing the route.
                    e.preventDefault();
                    document.getElementById(`bench-${id}`)?.scrollIntoView({ block: 'start' });
                    document.getElementById(`bench-${id}`)?.focus();
                  }}>
                    {t(`sections.${id}`)}
                  </a>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void nextModule().then(() => readButtonRef.current?.focus())} aria-keyshortcuts={nextKey.aria} data-testid="next-module">
              {t('next')} <kbd>{nextKey.label}</kbd>
            </button>
          </nav>
          {detailReady ? (
            <>
              <div id="bench-identity" tabIndex={-1} className="bench__section">
                <IdentitySummary result={result} />
              </div>
              {shown('lanes') ? (
                <div id="bench-lanes" tabIndex={-1} className="bench__section">
                  <LaneGrid result={result} />
                </div>
              ) : null}
              {shown('flags') ? (
                <div id="bench-flags" tabIndex={-1} className="bench__section">
                  <FlagTable result={result} />
                </div>
              ) : null}
              {shown('cmis') ? (
                <div id="bench-cmis" tabIndex={-1} className="bench__section">
                  <CmisPanel result={result} />
                </div>
              ) : null}
              <section id="bench-verdicts" tabIndex={-1} className="card bench__section" aria-labelledby="verdicts-title">
                <h2 id="verdicts-title">{t('verdicts.title')}</h2>
                <VerdictTable verdicts={result.evaluation.verdicts} />
              </section>
              <div id="bench-integrity" tabIndex={-1} className="bench__section">
                <IntegrityPanel result={result} />
              </div>
              {map ? (
                <div id="bench-hex" tabIndex={-1} className="bench__section">
                  <HexView rawHex={result.rawHex} map={map} />
                </div>
              ) : null}
              <div id="bench-monitor" tabIndex={-1} className="bench__section">
                <MonitorPanel result={result} monitor={monitor} />
              </div>
            </>
          ) : null}
          <AttachDialog
            open={searchOpen}
            onClose={(chosen) => {
              setSearchOpen(false);
              // The chosen case is now the one Enter attaches to: its button takes the focus.
              window.setTimeout(() => {
                if (!(chosen && attachRef.current?.focusPrimary())) answerHeadingRef.current?.focus();
              }, 0);
            }}
            result={result}
          />
        </>
      ) : null}
      {/* Issue 15: the soak panel, below the read result; it also shows a soak main keeps running after a reload. */}
      <SoakPanel
        result={result && status !== 'reading' ? result : null}
        recorded={recorded && recorded.run.repairCaseId !== null ? { caseId: recorded.run.repairCaseId, rmaNumber: recorded.rmaNumber, role: recorded.run.role } : null}
      />
      <ReportPreviewDialog />
    </div>
  );
}
