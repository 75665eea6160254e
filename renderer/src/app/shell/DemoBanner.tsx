import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-store.js';

/** Always on top in demo mode, so nobody mistakes training for real sales. */
export function DemoBanner() {
  const { t } = useTranslation();
  const mode = useAppStore((s) => s.info?.mode);
  if (mode !== 'demo') return null;
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      {t('demo.banner')}
    </div>
  );
}
