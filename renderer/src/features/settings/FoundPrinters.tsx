/**
 * "Gevonden printers": what main's printer discovery sees (OS printers, USB, serial ports), with a
 * refresh button, a choice that fills the printer field, and a test print per entry before
 * anything is saved. A TCP printer is still typed by hand in the field above. Main checks every
 * URL again (device policy); this list is only a convenience.
 */
import { useEffect } from 'react';
import type { DiscoveredPrinter } from '../../../../contract/schemas/hardware.js';
import { useTranslation } from 'react-i18next';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { useFoundPrinters } from './found-printers-store.js';

export function FoundPrinters({ selected, onChoose }: { selected: string; onChoose: (url: string) => void }) {
  const { t } = useTranslation();
  const { loading, list, error, tests, search, testPrint } = useFoundPrinters();
  useEffect(() => void search(), [search]);
  const refresh = () => void search();
  const test = (p: DiscoveredPrinter) => void testPrint(p.url);

  return (
    <div className="found-printers" data-testid="found-printers">
      <div className="found-printers-head">
        <h3>{t('settings.printers.found')}</h3>
        <button type="button" data-testid="printers-refresh" disabled={loading} onClick={refresh}>
          {loading ? t('settings.printers.searching') : t('settings.printers.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          <CodeMessage code={error} />
        </p>
      )}
      {list && list.printers.length === 0 && <p data-testid="printers-none">{t('settings.printers.none')}</p>}
      {list && list.failures.length > 0 && (
        <p className="hint" data-testid="printers-failures">
          {t('settings.printers.sourceFailed', { sources: list.failures.map((f) => t(`settings.printers.kinds.${f.source}`)).join(', ') })}
        </p>
      )}
      {list && list.printers.length > 0 && (
        <ul className="found-printers-list">
          {list.printers.map((p) => {
            const state = tests[p.url];
            return (
              <li key={p.url} data-testid="found-printer" data-url={p.url} data-kind={p.kind}>
                <label className="inline">
                  <input type="radio" name="found-printer" checked={selected === p.url} onChange={() => onChoose(p.url)} />
                  <span className="found-printer-label">{p.label}</span>{' '}
                  <span className="hint">
                    {t(`settings.printers.kinds.${p.kind}`)}
                    {p.isDefault ? ` · ${t('settings.printers.default')}` : ''} · <code>{p.url}</code>
                  </span>
                </label>{' '}
                <button type="button" data-testid="found-printer-test" disabled={state?.status === 'printing'} onClick={() => test(p)}>
                  {t('settings.printers.testPrint')}
                </button>{' '}
                {state?.status === 'done' && (
                  <span
                    role="status"
                    data-testid="found-printer-result"
                    data-printed={state.printed}
                    className={state.printed ? 'ok' : 'error'}
                  >
                    {state.printed ? t('settings.fields.testPrinted') : t('settings.fields.testNotPrinted', { reason: state.reason ?? '' })}
                  </span>
                )}
                {state?.status === 'failed' && (
                  <span role="alert" data-testid="found-printer-result" data-printed="false" className="error">
                    <CodeMessage code={state.code} />
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
