/** Always visible: what is not yet registered at UiTPAS, and when UiTPAS last answered. */
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format/locale.js';
import { useAppStore } from '../app-store.js';
import { queueCounts, useQueueStore } from '../queue-store.js';

export function QueueBadge() {
  const { t, i18n } = useTranslation();
  const status = useQueueStore((s) => s.status);
  const syncing = useQueueStore((s) => s.syncing);
  const syncNow = useQueueStore((s) => s.syncNow);
  const connectivityContact = useAppStore((s) => s.connectivity.lastContact);
  const { pending, unknown, rejected, cancelling } = queueCounts(status);
  const lastContact = status?.lastContact ?? connectivityContact;
  const calm = pending + unknown + rejected + cancelling === 0;
  return (
    <div
      className={`queue-badge ${calm ? 'queue-calm' : 'queue-busy'}`}
      data-testid="queue-status"
      data-pending={pending}
      data-unknown={unknown}
      data-rejected={rejected}
      data-cancelling={cancelling}
      role="status"
      aria-label={t('queue.label')}
    >
      <span className="queue-counts">
        {calm ? (
          t('queue.allSent')
        ) : (
          <>
            {pending > 0 && <span className="q q-pending">{t('queue.pending', { count: pending })}</span>}
            {unknown > 0 && <span className="q q-unknown">{t('queue.unknown', { count: unknown })}</span>}
            {rejected > 0 && <span className="q q-rejected">{t('queue.rejected', { count: rejected })}</span>}
            {cancelling > 0 && <span className="q q-pending">{t('queue.cancelling', { count: cancelling })}</span>}
          </>
        )}
      </span>
      {/* Only the time is shown (the top bar has one row); the words are there for screen readers and on hover. */}
      <span
        className="queue-contact"
        data-testid="last-contact"
        title={lastContact ? t('queue.lastContact', { time: formatTime(lastContact, i18n.language) }) : t('queue.contactTitle')}
      >
        {lastContact ? (
          <>
            <span className="visually-hidden">{t('shell.lastContact')} </span>
            <span aria-hidden="true">↻ </span>
            {formatTime(lastContact, i18n.language)}
          </>
        ) : (
          <>
            <span className="visually-hidden">{t('shell.noContact')}</span>
            <span aria-hidden="true">↻ —</span>
          </>
        )}
      </span>
      {/* Only worth a button while something waits; F5 works always. */}
      {(!calm || syncing) && (
        <button type="button" className="small" onClick={() => void syncNow()} disabled={syncing} data-testid="sync-now">
          {syncing ? t('queue.syncing') : t('queue.syncNow')}
        </button>
      )}
    </div>
  );
}
