/** The receipt printer: address, state and reason, waiting receipts, a test print and "retry now". */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format/locale.js';
import { usePrinterStore } from '../printer/printer-store.js';
import { printerView } from '../printer/printer-view.js';

export function PrinterDiagnostics() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const p = usePrinterStore();
  const { follow } = p;
  useEffect(() => follow(), [follow]);
  const status = p.status;
  const view = printerView(status);
  const stateText =
    view.tone === 'bad'
      ? t('shell.printer.failed')
      : view.tone === 'busy'
        ? t('shell.printer.printing')
        : view.tone === 'off'
          ? t('shell.printer.off')
          : t('shell.printer.ok');
  return (
    <section className="panel diag-section" aria-labelledby="diag-printer-title" data-testid="diag-printer">
      <h2 id="diag-printer-title">{t('shell.diag.printer')}</h2>
      {status && (
        <dl className="facts">
          <dt>{t('shell.diag.address')}</dt>
          <dd data-testid="diag-printer-url">
            <code>{status.url}</code>
          </dd>
          <dt>{t('shell.diag.state')}</dt>
          <dd data-testid="diag-printer-state" data-state={status.state}>
            {stateText}
            {view.problem ? ` — ${t(`shell.printer.problem.${view.problem}`)}` : ''}
          </dd>
          {status.reason && (
            <>
              <dt>{t('shell.diag.reason')}</dt>
              <dd data-testid="diag-printer-reason">
                <code>{status.reason}</code>
              </dd>
            </>
          )}
          <dt>{t('shell.diag.queued')}</dt>
          <dd data-testid="diag-printer-queued">
            {status.queued}
            {status.nextRetryAt ? ` (${t('shell.printer.nextRetry', { time: formatTime(status.nextRetryAt, lang) })})` : ''}
          </dd>
          {status.lastPrintedAt && (
            <>
              <dt>{t('shell.diag.lastPrinted')}</dt>
              <dd>{formatTime(status.lastPrintedAt, lang)}</dd>
            </>
          )}
        </dl>
      )}
      <div className="diag-actions">
        <button type="button" data-testid="test-print" onClick={() => void p.testPrint()} disabled={p.testing || view.tone === 'off'}>
          {p.testing ? t('shell.diag.loading') : t('shell.diag.testPrint')}
        </button>
        {status && status.queued > 0 && (
          <button type="button" data-testid="diag-printer-retry" onClick={() => void p.retry()} disabled={p.retrying}>
            {t('shell.printer.retryLong')}
          </button>
        )}
      </div>
      {p.test && (
        <p
          className={p.test.printed ? 'notice' : 'warning'}
          role={p.test.printed ? 'status' : 'alert'}
          data-testid="test-print-result"
          data-printed={p.test.printed}
        >
          {p.test.printed ? t('shell.diag.testOk') : t('shell.diag.testFailed', { reason: p.test.reason })}
        </p>
      )}
    </section>
  );
}
