import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../preload/contract';
import { describeError } from '../i18n/error-messages';

export function EmptyState({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {hint ? <p className="state__hint">{hint}</p> : null}
      {children}
    </div>
  );
}

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation('common');
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('state.loading')}
    </div>
  );
}

/** Any contract error in plain words, what to do next, and the code to quote; optional retry. */
export function ErrorState({ error, onRetry, compact }: { error: ErrorData; onRetry?: () => void; compact?: boolean }) {
  const { t, i18n } = useTranslation('common');
  const text = describeError(error, i18n.language);
  return (
    <div className={`state state--error ${compact ? 'state--compact' : ''}`} role="alert" data-error-code={error.code}>
      <p className="state__title">
        <span aria-hidden="true">✖ </span>
        {text.title}
      </p>
      <p className="state__next">{text.next}</p>
      <p className="state__detail">
        {/* main's message is English (for the logs and the audit); a Chinese page quotes only the code, whose words are above. */}
        <span className="code">{text.code}</span> {i18n.language === 'en' ? text.detail : null}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}
