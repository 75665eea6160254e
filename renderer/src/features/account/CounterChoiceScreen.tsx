/**
 * "Kies je balie" (docs/uitpas-xml-api.md §4): the last used counter first, then the others; counters
 * outside the ticket group are shown but cannot be chosen. Chosen automatically by main when the
 * employee has exactly one ticket counter; reachable later through "Andere balie".
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterChoice } from '../../../../contract/schemas/auth.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { useAuthStore } from './auth-store.js';
import './account.css';

function CounterItem({ counter, current }: { counter: CounterChoice; current: boolean }) {
  const { t } = useTranslation();
  const choosing = useAuthStore((s) => s.choosing);
  const choose = useAuthStore((s) => s.choose);
  return (
    <li className="counter-item" data-testid="counter-item" data-key={counter.consumerKey} data-can-sell={counter.canSell}>
      <span>
        <strong>{counter.name}</strong>
        {current && <span className="muted"> — {t('counters.current')}</span>}
        {!counter.canSell && <span className="hint"> {t('counters.cannotSell')}</span>}
      </span>
      <button
        type="button"
        className={counter.lastUsed ? 'primary' : undefined}
        disabled={!counter.canSell || choosing !== undefined}
        aria-label={`${t('counters.choose')}: ${counter.name}`}
        onClick={() => void choose(counter.consumerKey)}
      >
        {choosing === counter.consumerKey ? t('counters.choosing') : t('counters.choose')}
      </button>
    </li>
  );
}

export function CounterChoiceScreen() {
  const { t } = useTranslation();
  const counters = useAuthStore((s) => s.counters);
  const status = useAuthStore((s) => s.status);
  const problem = useAuthStore((s) => s.problem);
  const load = useAuthStore((s) => s.loadCounters);
  const logout = useAuthStore((s) => s.logout);

  useEffect(() => {
    if (useAuthStore.getState().counters.status === 'idle' || status?.state === 'ready') void load();
    // Once per visit: the list is fetched again when the screen opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const items = counters.status === 'ok' ? counters.items : [];
  const last = items.filter((c) => c.lastUsed);
  const others = items.filter((c) => !c.lastUsed);
  const currentKey = status?.counter?.consumerKey;
  return (
    <section className="account-screen" aria-labelledby="counters-title" data-testid="counter-screen">
      <h1 id="counters-title">{t('counters.title')}</h1>
      <p>{t('counters.welcome')}</p>
      {counters.status === 'loading' && <p data-testid="counters-loading">{t('counters.loading')}</p>}
      {counters.status === 'failed' && (
        <p className="error" role="alert" data-testid="counters-problem" data-code={counters.problem.code}>
          <CodeMessage
            code={counters.problem.code}
            serverMessage={counters.problem.serverMessage}
            endUserMessage={counters.problem.endUserMessage}
          />{' '}
          <button type="button" onClick={() => void load()}>
            {t('counters.retry')}
          </button>
        </p>
      )}
      {counters.status === 'ok' && items.length === 0 && (
        <p className="warning" role="alert" data-testid="counters-none">
          {t('counters.none')}
        </p>
      )}
      {last.length > 0 && (
        <>
          <h2>{t('counters.lastUsed')}</h2>
          <ul className="counter-list" data-testid="counters-last-used">
            {last.map((c) => (
              <CounterItem key={c.consumerKey} counter={c} current={c.consumerKey === currentKey} />
            ))}
          </ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2>{t('counters.others')}</h2>
          <ul className="counter-list" data-testid="counters-others">
            {others.map((c) => (
              <CounterItem key={c.consumerKey} counter={c} current={c.consumerKey === currentKey} />
            ))}
          </ul>
        </>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="counter-choose-problem" data-code={problem.code}>
          <CodeMessage code={problem.code} serverMessage={problem.serverMessage} endUserMessage={problem.endUserMessage} />
        </p>
      )}
      <p>
        <button type="button" data-testid="counters-logout" onClick={() => void logout()}>
          {t('account.logout')}
        </button>
      </p>
    </section>
  );
}
