/**
 * The printer on the counter screen, in two parts. In the top bar a small chip: the printer icon,
 * coloured by state, with the number of receipts waiting. Under the bar, only while a receipt did
 * not print, a strip that says so with the reason in words and "print again now". Both only
 * inform: selling never waits for the printer.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format/locale.js';
import { printerView } from './printer-view.js';
import { usePrinterStore } from './printer-store.js';

function PrinterIcon() {
  return (
    <svg className="printer-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 2h12v5H6zM4 8h16a2 2 0 0 1 2 2v7h-4v5H6v-5H2v-7a2 2 0 0 1 2-2zm4 8v4h8v-4zm10-5.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"
      />
    </svg>
  );
}

/** Starts following main's printer status once; any component showing the printer calls it. */
function usePrinterStatus() {
  const follow = usePrinterStore((s) => s.follow);
  useEffect(() => follow(), [follow]);
  return usePrinterStore((s) => s.status);
}

export function PrinterIndicator() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const status = usePrinterStatus();
  if (!status) return null;
  const view = printerView(status);
  const text =
    view.tone === 'bad'
      ? t('shell.printer.failed')
      : view.tone === 'busy'
        ? t('shell.printer.printing')
        : view.tone === 'off'
          ? t('shell.printer.off')
          : t('shell.printer.ok');
  // Hover shows what to check and the English detail main logged, for the support desk.
  const title = [
    `${t('shell.printer.label')}: ${text}`,
    status.url,
    view.problem && t(`shell.printer.problem.${view.problem}`),
    status.reason,
    status.nextRetryAt && t('shell.printer.nextRetry', { time: formatTime(status.nextRetryAt, lang) }),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      className={`printer-chip printer-${view.tone}`}
      data-testid="printer-status"
      data-state={status.state}
      data-queued={status.queued}
      data-problem={view.problem}
      role="status"
      title={title}
    >
      <PrinterIcon />
      <span className="visually-hidden">
        {t('shell.printer.label')}: {text}
        {view.problem ? ` (${t(`shell.printer.problemShort.${view.problem}`)})` : ''}
        {view.queued > 0 ? `, ${t('shell.printer.waiting', { count: view.queued })}` : ''}
      </span>
      {view.queued > 0 && (
        <span className="printer-count" aria-hidden="true">
          {view.queued}
        </span>
      )}
    </div>
  );
}

/** The strip under the top bar while a receipt did not print. */
export function PrinterAlert() {
  const { t } = useTranslation();
  const status = usePrinterStatus();
  const retrying = usePrinterStore((s) => s.retrying);
  const retry = usePrinterStore((s) => s.retry);
  // Hidden by the operator until the printer's state changes again.
  const [dismissed, setDismissed] = useState<string | undefined>(undefined);
  if (!status) return null;
  const view = printerView(status);
  const key = `${status.reason ?? ''}|${status.queued}`;
  if (view.tone !== 'bad' || dismissed === key) return null;
  return (
    <div className="printer-alert" role="alert" data-testid="printer-alert" data-problem={view.problem}>
      <PrinterIcon />
      <strong>{t('shell.printer.failed')}</strong>
      <span data-testid="printer-problem">{view.problem && t(`shell.printer.problem.${view.problem}`)}</span>
      {view.queued > 0 ? (
        <>
          <span data-testid="printer-queued">{t('shell.printer.waiting', { count: view.queued })}</span>
          <span className="printer-alert-note">{t('shell.printer.neverBlocks')}</span>
          <button type="button" className="small" data-testid="printer-retry" onClick={() => void retry()} disabled={retrying}>
            {t('shell.printer.retryLong')}
          </button>
        </>
      ) : (
        <span>{t('shell.printer.gaveUp')}</span>
      )}
      <button type="button" className="small" data-testid="printer-alert-dismiss" onClick={() => setDismissed(key)}>
        {t('shell.printer.dismiss')}
      </button>
    </div>
  );
}
