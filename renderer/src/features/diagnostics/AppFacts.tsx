/** app.diagnostics: what the support desk asks on the phone (versions, data folder, log file, updates). */
import { useTranslation } from 'react-i18next';
import { useNoInputCall } from './use-call.js';

export function AppFacts() {
  const { t } = useTranslation();
  const [diag] = useNoInputCall('app.diagnostics');
  return (
    <section className="panel diag-section" aria-labelledby="diag-app-title" data-testid="diag-app" data-state={diag.state}>
      <h2 id="diag-app-title">{t('shell.diag.app')}</h2>
      {diag.state === 'loading' && <p>{t('shell.diag.loading')}</p>}
      {diag.state === 'failed' && (
        <p className="warning" role="alert">
          {diag.code}: {diag.message}
        </p>
      )}
      {diag.state === 'ok' && (
        <dl className="facts">
          <dt>{t('shell.diag.dataDir')}</dt>
          <dd data-testid="diag-data-dir">
            <code>{diag.value.dataDir}</code>
          </dd>
          <dt>{t('shell.diag.logFile')}</dt>
          <dd data-testid="diag-log-file">{diag.value.logFile ? <code>{diag.value.logFile}</code> : t('shell.diag.logConsole')}</dd>
          <dt>{t('shell.diag.update')}</dt>
          <dd data-testid="diag-update" data-state={diag.value.update.state}>
            {t(`shell.diag.updateState.${diag.value.update.state}`)}
            {diag.value.update.version ? ` (${diag.value.update.version})` : ''}
            {diag.value.update.percent !== undefined ? ` ${Math.round(diag.value.update.percent)} %` : ''}
            {diag.value.update.reason ? ` — ${diag.value.update.reason}` : ''}
          </dd>
          <dt>{t('shell.diag.runtime')}</dt>
          <dd data-testid="diag-runtime">
            {Object.entries(diag.value.runtime)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ')}
          </dd>
        </dl>
      )}
    </section>
  );
}
