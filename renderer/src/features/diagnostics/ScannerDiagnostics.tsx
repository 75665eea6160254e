/**
 * The HID scanner as main sees it: its state (with the udev hint on Linux), the device in use, the
 * last raw scan (value, symbology, bytes in hex) live from the `scanner` event, and every HID
 * device node-hid lists, the one in use marked.
 */
import { useTranslation } from 'react-i18next';
import type { HidDeviceInfo, ScannerStatus } from '../../../../contract/schemas/hardware.js';
import { formatTime } from '../../lib/format/locale.js';
import { useNoInputCall, useScannerStatus } from './use-call.js';

const hex4 = (n: number | undefined) => (n === undefined ? '—' : `0x${n.toString(16).padStart(4, '0')}`);

/** Device in use: same path as the status reports (the reader opens exactly one). */
function inUse(d: HidDeviceInfo, status: ScannerStatus | undefined): boolean {
  return status?.state === 'connected' && d.path !== undefined && d.path === status.device?.path;
}

export function ScannerDiagnostics() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const status = useScannerStatus();
  const [devices, reload] = useNoInputCall('scanner.devices');
  const last = status?.lastScan;
  return (
    <section className="panel diag-section" aria-labelledby="diag-scanner-title" data-testid="diag-scanner">
      <h2 id="diag-scanner-title">{t('shell.diag.scanner')}</h2>
      {status && (
        <dl className="facts">
          <dt>{t('shell.diag.state')}</dt>
          <dd data-testid="scanner-state" data-state={status.state}>
            {t(`shell.diag.scannerState.${status.state}`)}
            {status.message ? <span className="diag-detail"> — {status.message}</span> : null}
          </dd>
          {status.hint && (
            <>
              <dt>→</dt>
              <dd data-testid="scanner-hint" className="diag-hint">
                {status.hint}
              </dd>
            </>
          )}
          {status.device && (
            <>
              <dt>{t('shell.diag.device')}</dt>
              <dd data-testid="scanner-device">
                {[status.device.manufacturer, status.device.product].filter(Boolean).join(' ')} ({hex4(status.device.vendorId)}:
                {hex4(status.device.productId)})
              </dd>
            </>
          )}
        </dl>
      )}
      <h3>{t('shell.diag.lastScan')}</h3>
      {last ? (
        <dl className="facts" data-testid="last-scan">
          <dt>{t('shell.diag.value')}</dt>
          <dd data-testid="last-scan-value">
            <code>{last.value}</code>
          </dd>
          <dt>{t('shell.diag.symbology')}</dt>
          <dd data-testid="last-scan-symbology">
            {last.symbology ?? '—'}
            {last.aim ? ` (${last.aim})` : ''}
          </dd>
          <dt>{t('shell.diag.rawHex')}</dt>
          <dd data-testid="last-scan-hex">
            <code className="diag-hex">{last.rawHex}</code>
          </dd>
          <dt>{t('shell.diag.at')}</dt>
          <dd>{formatTime(last.at, lang)}</dd>
        </dl>
      ) : (
        <p data-testid="last-scan-none">{t('shell.diag.noScan')}</p>
      )}
      <div className="diag-heading-row">
        <h3>{t('shell.diag.devices')}</h3>
        <button type="button" className="small" data-testid="hid-refresh" onClick={reload} disabled={devices.state === 'loading'}>
          {t('shell.diag.refresh')}
        </button>
      </div>
      {devices.state === 'loading' && <p>{t('shell.diag.loading')}</p>}
      {devices.state === 'failed' && (
        <p className="warning" role="alert" data-testid="hid-devices-error" data-code={devices.code}>
          {t('shell.diag.devicesFailed')}: {devices.message}
        </p>
      )}
      {devices.state === 'ok' &&
        (devices.value.length === 0 ? (
          <p data-testid="hid-devices-none">{t('shell.diag.noDevices')}</p>
        ) : (
          <table className="diag-table" data-testid="hid-devices">
            <thead>
              <tr>
                <th scope="col">{t('shell.diag.vendor')}</th>
                <th scope="col">{t('shell.diag.product')}</th>
                <th scope="col">{t('shell.diag.usagePage')}</th>
                <th scope="col">{t('shell.diag.path')}</th>
                <th scope="col">{t('shell.diag.inUse')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.value.map((d, i) => (
                <tr
                  key={d.path ?? `${d.vendorId}:${d.productId}:${i}`}
                  data-testid="hid-device"
                  data-path={d.path}
                  data-scanner={d.scanner}
                  data-in-use={inUse(d, status)}
                  aria-current={inUse(d, status) ? 'true' : undefined}
                >
                  <td>
                    {hex4(d.vendorId)} {d.manufacturer ?? ''}
                  </td>
                  <td>
                    {hex4(d.productId)} {d.product ?? ''}
                  </td>
                  <td>
                    {hex4(d.usagePage)}
                    {d.usage !== undefined ? ` / ${hex4(d.usage)}` : ''}
                    {d.scanner ? ` (${t('shell.diag.candidate')})` : ''}
                  </td>
                  <td>
                    <code>{d.path ?? '—'}</code>
                  </td>
                  <td>{inUse(d, status) ? t('shell.diag.yes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
