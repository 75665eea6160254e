/** The outcome of the operator's last action, in words, where the operator is working. */
import { useTranslation } from 'react-i18next';
import { useTodayStore, type DoneWhat } from './today-store.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';

const DONE_KEY = {
  cancel: 'today.cancelled',
  'cancel-queued': 'today.cancelQueued',
  'cancel-requested': 'today.cancelRequestedDone',
  'cancel-refused': 'today.cancelRefused',
  reprint: 'today.reprinted',
  'no-printer': 'today.noPrinter',
  resolve: 'today.resolved',
  adopt: 'today.adopted',
  retry: 'today.retried',
  acknowledge: 'today.acknowledged',
} as const satisfies Record<DoneWhat, string>;

export function ActionMessage() {
  const { t } = useTranslation();
  const action = useTodayStore((s) => s.action);
  if (action.status === 'failed') {
    const { problem, candidates } = action;
    return (
      <p className="stop" role="alert" data-testid="action-error" data-code={problem.code} data-candidates={candidates}>
        {problem.code === 'SALE_CANDIDATES_EXIST' && candidates !== undefined ? (
          candidates > 0 ? (
            t('today.retryRefused', { count: candidates })
          ) : (
            t('today.retryRefusedIncomplete')
          )
        ) : (
          <CodeMessage code={problem.code} serverMessage={problem.serverMessage} endUserMessage={problem.endUserMessage} />
        )}
      </p>
    );
  }
  if (action.status === 'done') {
    return (
      <p
        className={action.what === 'cancel-refused' ? 'warn-text' : 'ok-text'}
        role="status"
        data-testid="action-done"
        data-what={action.what}
      >
        {t(DONE_KEY[action.what])}
      </p>
    );
  }
  return null;
}
