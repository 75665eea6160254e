/** Diagnostics: who is running (version, mode, transport) and whether main and UiTPAS answer. */
import { useTranslation } from 'react-i18next';
import { FailureMessage } from '../components/FailureMessage.js';
import { useAppStore } from '../store/app-store.js';

export function HomeScreen() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const ping = useAppStore((s) => s.ping);
  if (!info) return null;
  return (
    <section className="home" aria-labelledby="home-title">
      <h1 id="home-title" data-testid="app-name">
        {info.name}
      </h1>
      <dl className="facts">
        <dt>{t('home.version')}</dt>
        <dd data-testid="app-version">{info.version}</dd>
        <dt>{t('home.mode')}</dt>
        <dd data-testid="app-mode" data-mode={info.mode}>
          {t(`mode.${info.mode}`)}
        </dd>
        <dt>{t('home.transport')}</dt>
        <dd data-testid="app-transport">{t(`transport.${info.transport}`)}</dd>
        <dt>{t('home.ping')}</dt>
        <dd data-testid="ping-result" data-status={ping.status}>
          {ping.status === 'waiting' && t('ping.waiting')}
          {ping.status === 'ok' && t('ping.ok', { at: new Date(ping.at).toLocaleTimeString() })}
          {ping.status === 'failed' && (
            <>
              {t('ping.failed')}: <FailureMessage failure={ping.error} />
            </>
          )}
        </dd>
        {info.overrides.length > 0 && (
          <>
            <dt>{t('home.overrides')}</dt>
            <dd data-testid="app-overrides">{info.overrides.join(', ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
