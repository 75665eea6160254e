import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-store.js';

/**
 * UiTPAS's state in one word; on hover (the title, which screen readers read as its description) what it means for the counter,
 * plus main's technical detail — `degraded` in particular needs the words: UiTPAS answers, so
 * selling looks fine, yet uncertain sales cannot settle.
 */
export function ConnectivityBadge() {
  const { t } = useTranslation();
  const connectivity = useAppStore((s) => s.connectivity);
  const hint = t(`connectivity.hint.${connectivity.state}`);
  const explanation = connectivity.detail ? `${hint} (${connectivity.detail})` : hint;
  return (
    <span className={`badge badge-${connectivity.state}`} data-testid="connectivity" data-state={connectivity.state} title={explanation}>
      {t(`connectivity.${connectivity.state}`)}
    </span>
  );
}
