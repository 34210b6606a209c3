import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clearFilters, loadReferenceData, rowAt, rowsPainted, setFilters, showRows, useCasesStore,
} from '../../stores/cases-store';
import { CaseFilterBar } from './case-filters';
import { CaseTable } from './case-table';
import { ErrorNotice } from './error-notice';
import { ExportMenu } from './export-menu';
import { characterShortcut, isTypingTarget, modalOpen } from '../../components/shortcuts';
import { useBenchStore, useCharacterShortcut } from '../../stores/bench-store';
import type { CaseListFilters } from './types';

/** Whether the list is narrowed at all (an empty list then says so; a new station's says there are no cases yet). */
function filtersActive(f: CaseListFilters): boolean {
  return f.status !== null || f.customerId !== null || f.technicianId !== null || f.partNumber !== null || f.from !== null || f.to !== null || f.search.trim() !== '';
}

export function CaseListPage({ onOpen, onNew }: { onOpen: (id: number) => void; onNew: () => void }) {
  const { t } = useTranslation('repairs');
  const filters = useCasesStore((s) => s.filters);
  const loaded = useCasesStore((s) => s.loaded);
  const hasMore = useCasesStore((s) => s.hasMore);
  const version = useCasesStore((s) => s.version);
  const generation = useCasesStore((s) => s.generation);
  const stale = useCasesStore((s) => s.stale);
  const listError = useCasesStore((s) => s.listError);
  const customers = useCasesStore((s) => s.customers);
  const technicians = useCasesStore((s) => s.technicians);
  const newKey = useCharacterShortcut('N');

  // "/" jumps to the search box (scan or type a serial / RMA), "N" opens a new intake.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || modalOpen()) return;
      // Single-key shortcuts off (Settings -> Bench): Alt+/ and Alt+N, never the bare keys.
      const singleKeys = useBenchStore.getState().singleKeys;
      if (characterShortcut(e, '/', singleKeys)) {
        e.preventDefault();
        document.getElementById('case-search')?.focus();
      } else if (characterShortcut(e, 'n', singleKeys)) {
        e.preventDefault();
        onNew();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNew]);

  useEffect(() => {
    void loadReferenceData();
    // Fresh numbers whenever the list is shown again (a case may have moved on meanwhile).
    setFilters({});
  }, []);

  return (
    <section className="repairs" aria-labelledby="repairs-heading">
      <header className="feature-header">
        <h1 id="repairs-heading">{t('list.heading')}</h1>
        <div className="status-line" role="status" aria-live="polite">
          {!stale && (
            <strong data-testid="case-count" data-complete={!hasMore}>
              {hasMore ? t('list.countMore', { count: loaded }) : t('list.count', { count: loaded })}
            </strong>
          )}
          {stale && <span>{t('list.loading')}</span>}
        </div>
        <ExportMenu filters={filters} />
        <button type="button" className="button button--primary" onClick={onNew} aria-keyshortcuts={newKey.aria}>
          {t('newCase')} <kbd>{newKey.label}</kbd>
        </button>
      </header>
      <CaseFilterBar
        filters={filters}
        customers={customers}
        technicians={technicians}
        onChange={setFilters}
        onClear={clearFilters}
      />
      {listError && <ErrorNotice error={listError} />}
      {loaded === 0 && !stale && !hasMore ? (
        filtersActive(filters) ? (
          <div className="notice" role="status" data-testid="list-empty" data-kind="filtered">
            <p>{t('list.empty')}</p>
            <p>{t('list.emptyHint')}</p>
            <button type="button" className="button" onClick={clearFilters}>
              {t('filter.clear')}
            </button>
          </div>
        ) : (
          // A new station: nothing to filter yet, so no talk of filters.
          <div className="notice" role="status" data-testid="list-empty" data-kind="none">
            <p>{t('list.none')}</p>
            <p>{t('list.noneHint')}</p>
            <button type="button" className="button button--primary" onClick={onNew}>
              {t('newCase')}
            </button>
          </div>
        )
      ) : (
        <CaseTable
          total={loaded}
          hasMore={hasMore && !listError}
          rowAt={rowAt}
          version={version}
          resetKey={generation}
          sort={filters.sort}
          onSortToggle={() => setFilters({ sort: filters.sort === 'notified-desc' ? 'notified-asc' : 'notified-desc' })}
          onVisibleRange={showRows}
          onOpen={onOpen}
          onRowsPainted={rowsPainted}
        />
      )}
    </section>
  );
}
