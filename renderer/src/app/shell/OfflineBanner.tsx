import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-store.js';

/** Says plainly that UiTPAS is unreachable and that sales are kept, not lost. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const offline = useAppStore((s) => s.connectivity.state === 'offline');
  if (!offline) return null;
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      {t('offline.banner')}
    </div>
  );
}
