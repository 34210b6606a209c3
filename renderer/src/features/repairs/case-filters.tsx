import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseListFilters, NamedRef, RepairStatus } from './types';
import { REPAIR_STATUSES } from './workflow';
import { useDebouncedValue } from './use-debounced-value';
import { focusFirstCaseRow } from './case-table';
import { useCharacterShortcut } from '../../stores/bench-store';

export interface CaseFilterBarProps {
  filters: CaseListFilters;
  customers: NamedRef[];
  technicians: NamedRef[];
  onChange: (patch: Partial<CaseListFilters>) => void;
  onClear: () => void;
}

/** Typing waits this long after the last key before querying; a scanner finishes well within it. */
export const SEARCH_DEBOUNCE_MS = 250;

export function CaseFilterBar({ filters, customers, technicians, onChange, onClear }: CaseFilterBarProps) {
  const { t } = useTranslation('repairs');
  const [search, setSearch] = useState(filters.search);
  const [partNumber, setPartNumber] = useState(filters.partNumber ?? '');
  const searchKey = useCharacterShortcut('/');
  const settledSearch = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const settledPn = useDebouncedValue(partNumber.trim(), SEARCH_DEBOUNCE_MS);

  // Only a settled edit by the user starts a query; filters.* is read, not tracked.
  useEffect(() => {
    if (settledSearch !== filters.search) onChange({ search: settledSearch });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settledSearch]);
  useEffect(() => {
    if (settledPn !== (filters.partNumber ?? '')) onChange({ partNumber: settledPn === '' ? null : settledPn });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settledPn]);

  const num = (v: string) => (v === '' ? null : Number(v));
  return (
    <form className="filter-bar" role="search" aria-label={t('filter.label')} onSubmit={(e) => {
      e.preventDefault();
      // Enter (a scanner's suffix) queries now instead of waiting for the debounce.
      const patch: Partial<CaseListFilters> = {};
      if (search.trim() !== filters.search) patch.search = search.trim();
      if (partNumber.trim() !== (filters.partNumber ?? '')) patch.partNumber = partNumber.trim() === '' ? null : partNumber.trim();
      if (Object.keys(patch).length > 0) onChange(patch);
    }}>
      <div className="field field--wide">
        <label htmlFor="case-search">{t('filter.search')} <kbd>{searchKey.label}</kbd></label>
        <input
          id="case-search"
          className="input input--mono"
          type="search"
          value={search}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          placeholder={t('filter.searchPlaceholder')}
          aria-keyshortcuts={searchKey.aria}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            // From the search box straight into the list.
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              focusFirstCaseRow();
            }
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="case-status">{t('filter.status')}</label>
        <select id="case-status" className="select" value={filters.status ?? ''}
          onChange={(e) => onChange({ status: e.target.value === '' ? null : (e.target.value as RepairStatus) })}>
          <option value="">{t('filter.any')}</option>
          {REPAIR_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="case-customer">{t('filter.customer')}</label>
        <select id="case-customer" className="select" value={filters.customerId ?? ''}
          onChange={(e) => onChange({ customerId: num(e.target.value) })}>
          <option value="">{t('filter.any')}</option>
          {customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="case-technician">{t('filter.technician')}</label>
        <select id="case-technician" className="select" value={filters.technicianId ?? ''}
          onChange={(e) => onChange({ technicianId: num(e.target.value) })}>
          <option value="">{t('filter.any')}</option>
          {technicians.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="case-pn">{t('filter.partNumber')}</label>
        <input id="case-pn" className="input input--mono" value={partNumber} autoComplete="off" spellCheck={false} maxLength={64}
          onChange={(e) => setPartNumber(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="case-from">{t('filter.from')}</label>
        <input id="case-from" className="input" type="date" value={filters.from ?? ''}
          onChange={(e) => onChange({ from: e.target.value === '' ? null : e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="case-to">{t('filter.to')}</label>
        <input id="case-to" className="input" type="date" value={filters.to ?? ''}
          onChange={(e) => onChange({ to: e.target.value === '' ? null : e.target.value })} />
      </div>
      <button type="button" className="button" onClick={() => { setSearch(''); setPartNumber(''); onClear(); }}>{t('filter.clear')}</button>
    </form>
  );
}
