import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract';
import { describeError } from '../i18n/error-messages';

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  text?: string;
  error?: ErrorData;
}

const useToastStore = create<{ toasts: Toast[] }>(() => ({ toasts: [] }));
let nextId = 1;

export function pushToast(toast: Omit<Toast, 'id'>): number {
  const id = nextId++;
  useToastStore.setState((s) => ({ toasts: [...s.toasts.slice(-4), { ...toast, id }] }));
  return id;
}

export function toastError(error: ErrorData): number {
  return pushToast({ kind: 'error', error });
}

export function dismissToast(id: number): void {
  useToastStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t, i18n } = useTranslation('common');
  // Errors stay until dismissed: the technician may be looking at the module, not the screen.
  useEffect(() => {
    if (toast.kind === 'error') return;
    const timer = window.setTimeout(() => dismissToast(toast.id), 5000);
    return () => window.clearTimeout(timer);
  }, [toast]);
  const err = toast.error ? describeError(toast.error, i18n.language) : null;
  return (
    <div className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <div className="toast__body">
        {err ? (
          <>
            <strong>{err.title}</strong>
            <span>{err.next}</span>
          </>
        ) : (
          <span>{toast.text}</span>
        )}
      </div>
      <button type="button" className="icon-button" aria-label={t('action.dismiss')} onClick={() => dismissToast(toast.id)}>
        ✕
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
