/**
 * Day close: the current period's X report, closing the day with a Z report (confirm first; when
 * the queue is not empty: wait, or close with those sales listed as unregistered), printing and
 * CSV export of any report, and the closed days. Waiting for the queue shows how many sales are
 * left and closes by itself when none are (DayCloseStore), unless the operator stops waiting. Numbers come from main (report.*), never from here.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDateTime } from '../../lib/format/locale.js';
import './DayClose.css';
import { DayCloseReport } from './DayCloseReport.js';
import { useDayCloseStore, type DayCloseNotice } from './DayCloseStore.js';
import { useQueueStore } from '../../app/queue-store.js';
import { useAppStore } from '../../app/app-store.js';

function Notice({ notice }: { notice: DayCloseNotice }) {
  const { t } = useTranslation();
  const text = (() => {
    switch (notice.kind) {
      case 'closed':
        return t('dayClose.closed', { number: notice.number });
      case 'printed':
        return t('dayClose.printed');
      case 'noPrinter':
        return t('dayClose.noPrinter');
      case 'saved':
        return t('dayClose.saved', { file: notice.file });
      case 'nothingToClose':
        return t('dayClose.nothingToClose');
      case 'folderRequired':
        return t('dayClose.folderRequired');
      case 'failed':
        return t('dayClose.failed', { code: notice.code, message: notice.message });
    }
  })();
  const problem = notice.kind === 'failed' || notice.kind === 'nothingToClose' || notice.kind === 'folderRequired';
  return (
    <p
      className={problem ? 'warning' : 'notice'}
      role={problem ? 'alert' : 'status'}
      data-testid="day-close-notice"
      data-kind={notice.kind}
      data-code={notice.kind === 'failed' ? notice.code : undefined}
    >
      {text}
    </p>
  );
}

function Dialog({ title, text, testId, children }: { title: string; text: string; testId: string; children: ReactNode }) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.querySelector('button')?.focus();
  }, []);
  return (
    <div className="overlay">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        aria-describedby={`${testId}-text`}
        className="dialog"
        data-testid={testId}
      >
        <h2 id={`${testId}-title`}>{title}</h2>
        <p id={`${testId}-text`}>{text}</p>
        <div className="actions" ref={first}>
          {children}
        </div>
      </div>
    </div>
  );
}

export function DayCloseScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const s = useDayCloseStore();
  const web = useAppStore((a) => a.info?.transport === 'web');
  const stillUnregistered = useQueueStore((q) => q.status?.unregistered ?? s.unregistered);
  const { load } = s;
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="day-close" aria-labelledby="day-close-title" data-testid="day-close" aria-busy={s.busy}>
      <h1 id="day-close-title">{t('dayClose.title')}</h1>
      <div className="day-close-actions">
        {s.viewing === 'current' ? (
          <button type="button" data-testid="day-close-refresh" onClick={() => void s.load()} disabled={s.busy}>
            {t('dayClose.refresh')}
          </button>
        ) : (
          <button type="button" data-testid="day-close-back" onClick={() => void s.load()} disabled={s.busy}>
            {t('dayClose.back')}
          </button>
        )}
        <button type="button" data-testid="day-close-print" onClick={() => void s.print()} disabled={s.busy || !s.report}>
          {t('dayClose.print')}
        </button>
        {web && (
          <label className="folder-field">
            {t('dayClose.folder')}
            <input
              type="text"
              data-testid="day-close-folder"
              value={s.folder}
              placeholder={t('dayClose.folderHint')}
              onChange={(e) => s.setFolder(e.target.value)}
            />
          </label>
        )}
        <button type="button" data-testid="day-close-export" onClick={() => void s.exportCsv()} disabled={s.busy || !s.report}>
          {t('dayClose.exportCsv')}
        </button>
        <button type="button" className="primary" data-testid="day-close-z" onClick={s.requestClose} disabled={s.busy}>
          {t('dayClose.closeDay')}
        </button>
      </div>
      {s.waiting && (
        <p className="notice day-close-waiting" role="status" data-testid="day-close-waiting" data-unregistered={stillUnregistered}>
          {stillUnregistered === 0 ? t('dayClose.waitingEmpty') : t('dayClose.waiting', { count: stillUnregistered })}{' '}
          <button type="button" data-testid="day-close-wait-cancel" onClick={s.cancelWait}>
            {t('dayClose.cancelWait')}
          </button>
        </p>
      )}
      {s.notice && <Notice notice={s.notice} />}
      <div className="day-close-body">
        {s.report && <DayCloseReport report={s.report} />}
        <nav className="panel z-history" aria-labelledby="z-history-title" data-testid="z-history">
          <h2 id="z-history-title">{t('dayClose.history')}</h2>
          {s.history.length === 0 ? (
            <p>{t('dayClose.noHistory')}</p>
          ) : (
            <ul>
              {s.history.map((z) => (
                <li key={z.number}>
                  <button
                    type="button"
                    data-testid="z-history-item"
                    data-number={z.number}
                    aria-current={s.viewing === z.number ? 'true' : undefined}
                    onClick={() => void s.showZ(z.number)}
                  >
                    {t('dayClose.reportZ', { number: z.number })} · {formatDateTime(z.madeAt, lang)} · {formatCents(z.collectedCents, lang)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
      </div>
      {s.dialog === 'confirm' && (
        <Dialog title={t('dayClose.confirmTitle')} text={t('dayClose.confirmText')} testId="day-close-confirm">
          <button type="button" className="primary" data-testid="day-close-confirm-yes" onClick={() => void s.close(false)}>
            {t('dayClose.confirm')}
          </button>
          <button type="button" data-testid="day-close-confirm-no" onClick={s.dismiss}>
            {t('dayClose.cancel')}
          </button>
        </Dialog>
      )}
      {s.dialog === 'queue' && (
        <Dialog title={t('dayClose.queueTitle')} text={t('dayClose.queueText', { count: s.unregistered })} testId="day-close-queue">
          <button type="button" data-testid="day-close-wait" onClick={() => void s.waitForQueue()}>
            {t('dayClose.wait')}
          </button>
          <button type="button" className="danger" data-testid="day-close-anyway" onClick={() => void s.close(true)}>
            {t('dayClose.closeAnyway')}
          </button>
        </Dialog>
      )}
    </section>
  );
}
