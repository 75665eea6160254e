/**
 * UiTiD login: one button opens the authorize page (a popup in the browser, Loket's own login
 * window in the desktop app); main's `auth` event moves on to the counter choice by itself.
 */
import { useTranslation } from 'react-i18next';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { SecretStorageWarning } from './SecretStorageWarning.js';
import { useAppStore } from '../../app/app-store.js';
import { useAuthStore } from './auth-store.js';
import { queueCounts, useQueueStore } from '../../app/queue-store.js';
import './account.css';

export function LoginScreen() {
  const { t } = useTranslation();
  const status = useAuthStore((s) => s.status);
  const starting = useAuthStore((s) => s.starting);
  const problem = useAuthStore((s) => s.problem);
  const blockedUrl = useAuthStore((s) => s.blockedUrl);
  const login = useAuthStore((s) => s.login);
  const setScreen = useAppStore((s) => s.setScreen);
  const queue = useQueueStore((s) => s.status);
  const waitingSales = queueCounts(queue).pending + queueCounts(queue).unknown;
  const waiting = status?.state === 'waiting';
  return (
    <section className="account-screen" aria-labelledby="login-title" data-testid="login-screen" data-state={status?.state}>
      <h1 id="login-title">{t('login.title')}</h1>
      {status?.reason === 'expired' && (
        <p className="warning" role="alert" data-testid="login-expired">
          {t('login.expired')}
        </p>
      )}
      {status?.reason === 'logged-out' && <p data-testid="login-logged-out">{t('login.loggedOut')}</p>}
      {waitingSales > 0 && (
        <p className="notice" data-testid="login-queue">
          {t('login.queueWaiting', { count: waitingSales })}
        </p>
      )}
      {status && !status.consumerConfigured ? (
        <>
          <p className="warning" role="alert" data-testid="login-no-consumer">
            {t('login.noConsumer')}
          </p>
          <button type="button" onClick={() => setScreen('settings')}>
            {t('login.toSettings')}
          </button>
        </>
      ) : (
        <>
          <p>{waiting ? t('login.waiting') : t('login.intro')}</p>
          <button type="button" className="primary" data-testid="login-start" disabled={starting} onClick={() => void login()}>
            {starting ? t('login.starting') : waiting ? t('login.again') : t('login.start')}
          </button>
        </>
      )}
      {blockedUrl && (
        <p className="notice" data-testid="login-blocked">
          {t('login.blocked')}{' '}
          <a href={blockedUrl} target="_blank" rel="noopener noreferrer">
            {t('login.blockedLink')}
          </a>
        </p>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="login-problem" data-code={problem.code}>
          <CodeMessage code={problem.code} serverMessage={problem.serverMessage} endUserMessage={problem.endUserMessage} />
        </p>
      )}
      <SecretStorageWarning />
    </section>
  );
}
