import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { CaseSort, CaseSummary } from './types';
import { StatusBadge } from './status-badge';
import { formatDateTime } from './format';

export const ROW_HEIGHT = 40;

export interface CaseTableProps {
  /** Rows known so far. */
  total: number;
  /** One more row exists below `total`: a loader row stands for it and, in view, fetches it. */
  hasMore: boolean;
  /** The row at an absolute index, or undefined while its page is on its way. */
  rowAt: (index: number) => CaseSummary | undefined;
  /** Bumps whenever loaded rows change, so the table re-reads rowAt. */
  version: number;
  /** Changes with each new query: the new result is shown from its top. */
  resetKey: number;
  sort: CaseSort;
  onSortToggle: () => void;
  onVisibleRange: (first: number, last: number) => void;
  onOpen: (id: number) => void;
  /** Called after the browser has laid out rows that came from data (not placeholders). */
  onRowsPainted?: () => void;
}

/** The first row of the list takes the focus (the search box's Arrow Down). */
export function focusFirstCaseRow(): void {
  document.querySelector<HTMLElement>('.case-row[data-index]')?.focus();
}

/**
 * Only the rows in view (plus a small overscan) exist in the DOM: 200,000 cases cost the same
 * as 30. Row height is fixed so the scrollbar maps straight to an index and the virtualiser
 * never measures.
 */
export function CaseTable({
  total, hasMore, rowAt, version, resetKey, sort, onSortToggle, onVisibleRange, onOpen, onRowsPainted,
}: CaseTableProps) {
  const { t, i18n } = useTranslation('repairs');
  const viewportRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns new functions each render by design.
  const virtualizer = useVirtualizer({
    count: total + (hasMore ? 1 : 0),
    getScrollElement: () => viewportRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  // One Tab stop for the whole list (the active row); the arrows move in it (issue 12: a keyboard
  // user needed about 17 Tabs to reach a case).
  const [active, setActive] = useState(0);
  const activeRow = Math.min(active, Math.max(0, total - 1));
  const focusPending = useRef(false);
  useEffect(() => {
    setActive(0);
  }, [resetKey]);
  useEffect(() => {
    if (!focusPending.current) return;
    const el = viewportRef.current?.querySelector<HTMLElement>(`[data-index="${activeRow}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((viewportRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in keys) {
      e.preventDefault();
      moveTo(activeRow + (keys[e.key] ?? 0));
    } else if (e.key === 'Home') {
      e.preventDefault();
      moveTo(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      moveTo(total - 1);
    }
  };

  useEffect(() => {
    if (last >= first) onVisibleRange(first, last);
  }, [first, last, onVisibleRange]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const anyLoaded = items.some((item) => rowAt(item.index) !== undefined);
  useLayoutEffect(() => {
    if (anyLoaded && onRowsPainted) onRowsPainted();
  }, [version, anyLoaded, onRowsPainted]);

  const locale = i18n.language;
  return (
    <div className="case-table" role="table" aria-label={t('list.tableLabel', { count: total })} aria-rowcount={hasMore ? -1 : total + 1}>
      <div className="case-table__head" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('list.col.rma')}</span>
        <span role="columnheader" aria-sort={sort === 'notified-desc' ? 'descending' : 'ascending'}>
          <button type="button" onClick={onSortToggle} data-testid="sort-notified"
            title={sort === 'notified-desc' ? t('list.sortNewest') : t('list.sortOldest')}>
            {t('list.col.notifiedAt')} <span aria-hidden="true">{sort === 'notified-desc' ? '▼' : '▲'}</span>
          </button>
        </span>
        <span role="columnheader">{t('list.col.customer')}</span>
        <span role="columnheader">{t('list.col.serials')}</span>
        <span role="columnheader">{t('list.col.partNumber')}</span>
        <span role="columnheader">{t('list.col.status')}</span>
        <span role="columnheader">{t('list.col.technician')}</span>
      </div>
      {/* The scroller is the row group: a focusable element cannot be presentational (it showed as a
          generic child of the table, axe aria-required-children). tabIndex -1 keeps it out of the
          Tab order, the active row is the list's one Tab stop. */}
      <div ref={viewportRef} className="case-table__viewport" data-testid="case-viewport" tabIndex={-1} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="presentation" onKeyDown={onKeyDown}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const style = { transform: `translateY(${item.start}px)` };
            if (!row) {
              return (
                <div key={`p${item.index}`} className="case-row case-row--placeholder" role="row" aria-rowindex={item.index + 2}
                  style={style} data-testid={item.index >= total ? 'case-loader-row' : undefined}>
                  <span role="cell">{item.index >= total ? t('list.loadingMore') : t('list.placeholderRow', { index: item.index + 1 })}</span>
                </div>
              );
            }
            return (
              <div
                key={row.id}
                className="case-row"
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                data-rma={row.rmaNumber}
                tabIndex={item.index === activeRow ? 0 : -1}
                aria-selected={item.index === activeRow}
                style={style}
                aria-label={t('list.open', { rma: row.rmaNumber })}
                onFocus={() => setActive(item.index)}
                onClick={() => onOpen(row.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(row.id);
                  }
                }}
              >
                <span role="cell" className="mono">{row.rmaNumber}</span>
                <span role="cell">{formatDateTime(row.notifiedAt, locale)}</span>
                <span role="cell">{row.customerName}</span>
                <span role="cell" className="mono">{row.moduleSerial}</span>
                <span role="cell" className="mono">{row.partNumber ?? '—'}</span>
                <span role="cell"><StatusBadge status={row.status} /></span>
                <span role="cell">{row.technicianName ?? '—'}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
