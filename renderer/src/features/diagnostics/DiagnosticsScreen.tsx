/**
 * Diagnostics: who is running (version, mode, transport) and whether main and UiTPAS answer; the
 * support facts (data folder, log file, updates); the HID scanner (state, last raw scan, devices)
 * and the receipt printer (state, test print). Reads only; nothing here changes a sale.
 */
import { useTranslation } from 'react-i18next';
import { FailureMessage } from '../../lib/ui/FailureMessage.js';
import { AppFacts } from './AppFacts.js';
import { PrinterDiagnostics } from './PrinterDiagnostics.js';
import { ScannerDiagnostics } from './ScannerDiagnostics.js';
import './diagnostics.css';
import { useAppStore } from '../../app/app-store.js';

export function DiagnosticsScreen() {
  const { t } = useTranslation();
  const info = useAppStore((st) => st.info);
  const ping = useAppStore((st) => st.ping);
  if (!info) return null;
  return (
    <section className="home diagnostics" aria-labelledby="home-title" data-testid="diagnostics">
      <h1 id="home-title">
        <span data-testid="app-name">{info.name}</span> — {t('shell.diag.title')}
      </h1>
      <section className="panel diag-section" aria-labelledby="diag-run-title">
        <h2 id="diag-run-title">{t('shell.diag.running')}</h2>
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
      <AppFacts />
      <ScannerDiagnostics />
      <PrinterDiagnostics />
    </section>
  );
}
