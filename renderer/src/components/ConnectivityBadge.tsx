import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';

export function ConnectivityBadge() {
  const { t } = useTranslation();
  const connectivity = useAppStore((s) => s.connectivity);
  return (
    <span
      className={`badge badge-${connectivity.state}`}
      data-testid="connectivity"
      data-state={connectivity.state}
      title={connectivity.detail}
    >
      {t(`connectivity.${connectivity.state}`)}
    </span>
  );
}
