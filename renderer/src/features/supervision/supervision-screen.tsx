import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { selectTab, useSupervisionStore, type SupervisionTab } from '../../stores/supervision-store';
import { ComplaintsPanel } from './complaints-panel';
import { FollowUpsPanel } from './follow-ups-panel';
import { ScorecardsPanel } from './scorecards-panel';
import { ErrorNotice } from '../repairs/error-notice';
import { OperatorNotice } from '../repairs/operator-notice';
import '../repairs/repairs.css';

const TABS: readonly SupervisionTab[] = ['complaints', 'followUps', 'scorecards'];

export function SupervisionScreen() {
  const { t } = useTranslation('supervision');
  const tab = useSupervisionStore((s) => s.tab);
  const error = useSupervisionStore((s) => s.error);
  const notice = useSupervisionStore((s) => s.notice);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
    if (next) {
      e.preventDefault();
      selectTab(next);
      document.getElementById(`supervision-tab-${next}`)?.focus();
    }
  };

  return (
    <section className="supervision" aria-labelledby="supervision-heading">
      <OperatorNotice />
      <header className="feature-header">
        <h1 id="supervision-heading">{t('title')}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label={t('title')} onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button key={name} id={`supervision-tab-${name}`} type="button" role="tab" aria-selected={tab === name}
            aria-controls={`supervision-panel-${name}`} tabIndex={tab === name ? 0 : -1} onClick={() => selectTab(name)}>
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      <p role="status" aria-live="polite" className="field__hint">
        {notice ? t(notice.key, notice.values?.addressee
          ? { ...notice.values, addressee: t(`addressee.${String(notice.values.addressee)}`) }
          : notice.values) : ''}
      </p>
      {error && <ErrorNotice error={error} />}
      <div role="tabpanel" id={`supervision-panel-${tab}`} aria-labelledby={`supervision-tab-${tab}`}>
        {tab === 'complaints' && <ComplaintsPanel />}
        {tab === 'followUps' && <FollowUpsPanel />}
        {tab === 'scorecards' && <ScorecardsPanel />}
      </div>
    </section>
  );
}
