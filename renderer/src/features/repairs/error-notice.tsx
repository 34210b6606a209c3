import type { ErrorData } from '../../../../preload/contract/errors';
import { ErrorState } from '../../components/states';

/** A contract error in plain words and what to do next (the one map in i18n/error-messages.ts). */
export function ErrorNotice({ error, onRetry }: { error: ErrorData; onRetry?: () => void }) {
  return <ErrorState error={error} onRetry={onRetry} compact />;
}
