import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { Dialog } from '../../components/dialog';
import { linkApi } from '../../api/link';

export function attachAvailable(): boolean {
  return linkApi.available();
}

export function AttachDialog({ open, onClose, result }: { open: boolean; onClose: () => void; result: BenchReadResult }) {
  const { t } = useTranslation('bench');
  return (
    <Dialog open={open} title={t('attach.title')} onClose={onClose}>
      <p className="disabled-note" data-read-id={result.readId}>
        {t('attach.unavailable')}
      </p>
    </Dialog>
  );
}
