// @vitest-environment jsdom
/**
 * The diagnostics view's scanner and printer parts in jsdom, over a stand-in for the Electron
 * preload bridge (`window.loket`: invoke → envelope, subscribe → events), which is the interface
 * the renderer really talks to. Plus the pure printer status → indicator mapping.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HidDeviceInfo, PrinterStatus, ScannerStatus } from '../../contract/schemas/hardware.js';
import type { Envelope, LoketBridge } from '../../contract/index.js';
import { ScannerDiagnostics } from '../../renderer/src/features/diagnostics/ScannerDiagnostics.js';
import { PrinterIndicator, PrinterAlert } from '../../renderer/src/features/printer/PrinterIndicator.js';
import { classifyPrinterReason, printerView } from '../../renderer/src/features/printer/printer-view.js';
import { initI18n, resources, setLanguage } from '../../renderer/src/lib/i18n/index.js';

/** The top bar, printer and diagnostics texts in the app's i18next resources (`shell.*`). */
const SHELL_TEXTS = { nl: resources.nl.translation.shell, fr: resources.fr.translation.shell, en: resources.en.translation.shell };

const scanner: HidDeviceInfo = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw3',
  product: 'Voyager 1470g',
  manufacturer: 'Honeywell',
  usagePage: 0x8c,
  usage: 2,
  interface: 0,
  scanner: true,
};
const keyboard: HidDeviceInfo = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  product: 'USB Keyboard',
  usagePage: 1,
  usage: 6,
  interface: 0,
  scanner: false,
};

/** What main answers, per call; events are pushed with `emit`. */
const answers: Record<string, () => Envelope<unknown>> = {};
const listeners = new Map<string, Set<(p: unknown) => void>>();
const calls: string[] = [];
const bridge: LoketBridge = {
  transport: 'electron',
  invoke(name) {
    calls.push(name);
    const answer = answers[name];
    return Promise.resolve(answer ? answer() : { ok: false, error: { code: 'UNKNOWN_CALL', message: name } });
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
};
function emit(event: string, payload: unknown) {
  act(() => listeners.get(event)?.forEach((l) => l(payload)));
}

beforeAll(async () => {
  (window as unknown as { loket: LoketBridge }).loket = bridge;
  await initI18n();
  await setLanguage('nl');
});
afterEach(cleanup);

describe('scanner diagnostics', () => {
  it('lists HID devices with the one in use marked, and shows the last raw scan live', async () => {
    const connected: ScannerStatus = { state: 'connected', device: scanner };
    answers['scanner.status'] = () => ({ ok: true, value: connected });
    answers['scanner.devices'] = () => ({ ok: true, value: [keyboard, scanner] });
    render(<ScannerDiagnostics />);
    const rows = await screen.findAllByTestId('hid-device');
    expect(rows.map((r) => [r.dataset.path, r.dataset.inUse, r.dataset.scanner])).toEqual([
      ['/dev/hidraw0', 'false', 'false'],
      ['/dev/hidraw3', 'true', 'true'],
    ]);
    expect(rows[1]?.textContent).toContain('0x0c2e Honeywell');
    expect(rows[1]?.textContent).toContain('0x008c / 0x0002 (scanner)');
    expect(screen.getByTestId('scanner-state').dataset.state).toBe('connected');
    expect(screen.getByTestId('last-scan-none')).toBeTruthy();

    emit('scanner', {
      ...connected,
      lastScan: { value: '0930000420206', symbology: 'ean13', aim: ']E0', rawHex: '02 10 5d 45 30 30 39', at: '2026-11-27T09:15:00.000Z' },
    });
    const last = screen.getByTestId('last-scan');
    expect(within(last).getByTestId('last-scan-value').textContent).toBe('0930000420206');
    expect(within(last).getByTestId('last-scan-symbology').textContent).toBe('ean13 (]E0)');
    expect(within(last).getByTestId('last-scan-hex').textContent).toBe('02 10 5d 45 30 30 39');
    expect(last.textContent).toContain('10:15');
  });

  it('shows permission denied with the udev hint, and a listing failure as a clear error', async () => {
    answers['scanner.status'] = () => ({
      ok: true,
      value: {
        state: 'permission-denied',
        message: 'open /dev/hidraw3: EACCES',
        hint: 'Linux: the scanner needs the udev rule 70-loket-scanners.rules',
      },
    });
    answers['scanner.devices'] = () => ({
      ok: false,
      error: { code: 'SCANNER_HID_UNAVAILABLE', message: 'HID devices cannot be listed: libusb missing' },
    });
    render(<ScannerDiagnostics />);
    const error = await screen.findByTestId('hid-devices-error');
    expect(error.dataset.code).toBe('SCANNER_HID_UNAVAILABLE');
    expect(error.textContent).toContain('libusb missing');
    expect(screen.getByTestId('scanner-state').textContent).toContain('geen toegang tot de scanner');
    expect(screen.getByTestId('scanner-hint').textContent).toContain('70-loket-scanners.rules');
  });
});

describe('printer indicator', () => {
  const down: PrinterStatus = {
    state: 'error',
    url: 'tcp://10.0.0.5:9100',
    reason: 'printer 10.0.0.5:9100: ECONNREFUSED',
    queued: 2,
    nextRetryAt: '2026-11-27T09:16:00.000Z',
  };

  it('shows a failed receipt with the reason in words, the count, and retries on request', async () => {
    answers['printer.status'] = () => ({ ok: true, value: down });
    answers['printer.retry'] = () => ({ ok: true, value: { state: 'ok', url: down.url, queued: 0 } });
    render(
      <>
        <PrinterIndicator />
        <PrinterAlert />
      </>,
    );
    const chip = await screen.findByTestId('printer-status');
    expect(chip.dataset).toMatchObject({ state: 'error', queued: '2', problem: 'unreachable' });
    expect(chip.textContent).toContain('Bonprinter: Bon niet afgedrukt (niet bereikbaar), 2 bonnen wachten');
    const alert = screen.getByTestId('printer-alert');
    expect(alert.textContent).toContain('printer niet bereikbaar (aan? kabel? netwerk?)');
    expect(alert.textContent).toContain('2 bonnen wachten');
    await act(() => {
      screen.getByTestId('printer-retry').click();
      return Promise.resolve();
    });
    expect(await screen.findByTestId('printer-status')).toBeTruthy();
    expect(calls).toContain('printer.retry');
    expect(screen.getByTestId('printer-status').dataset.state).toBe('ok');
    expect(screen.queryByTestId('printer-alert')).toBeNull();

    // A later failure (a `printer` event) brings the strip back.
    emit('printer', { ...down, queued: 1 });
    expect(screen.getByTestId('printer-alert').textContent).toContain('1 bon wacht');
  });
});

describe('printer status mapping', () => {
  it('classifies the reasons main gives', () => {
    expect(classifyPrinterReason('printer 10.0.0.5:9100: ECONNREFUSED')).toBe('unreachable');
    expect(classifyPrinterReason('printer 10.0.0.5:9100 did not take the receipt within 5000 ms (paper out or cover open?)')).toBe(
      'timeout',
    );
    expect(classifyPrinterReason('printer device /dev/usb/lp0 does not exist')).toBe('missing');
    expect(classifyPrinterReason('printer device /dev/usb/lp0 not writable (EACCES)')).toBe('permission');
    expect(classifyPrinterReason('"tcp://x" is not a valid tcp printer address (none, system, …)')).toBe('config');
    expect(classifyPrinterReason('lp exited with code 1: no such printer')).toBe('other');
  });

  it('offers a retry only while a receipt waits after a failure', () => {
    expect(printerView(undefined).tone).toBe('off');
    expect(printerView({ state: 'disabled', url: 'none', queued: 0 })).toMatchObject({ tone: 'off', canRetry: false });
    expect(printerView({ state: 'ok', url: 'x', queued: 0 })).toMatchObject({ tone: 'ok', canRetry: false });
    expect(printerView({ state: 'printing', url: 'x', queued: 1 })).toMatchObject({ tone: 'busy', canRetry: false });
    expect(printerView({ state: 'error', url: 'x', reason: 'ECONNREFUSED', queued: 1 })).toMatchObject({ tone: 'bad', canRetry: true });
    expect(printerView({ state: 'error', url: 'x', reason: 'ECONNREFUSED', queued: 0 })).toMatchObject({ tone: 'bad', canRetry: false });
  });

  it('has every text in nl, fr and en, none empty, none saying kansentarief', () => {
    const flat = (o: object): string[] =>
      Object.values(o).flatMap((v: unknown) =>
        typeof v === 'string' ? [v] : typeof v === 'function' ? [String((v as (a: unknown) => string)(2))] : flat(v as object),
      );
    const shape = (o: object): string[] =>
      Object.entries(o)
        .flatMap(([k, v]) => (typeof v === 'object' && v ? shape(v as object).map((x) => `${k}.${x}`) : [k]))
        .sort();
    for (const lang of ['fr', 'en'] as const) expect(shape(SHELL_TEXTS[lang])).toEqual(shape(SHELL_TEXTS.nl));
    for (const lang of ['nl', 'fr', 'en'] as const) {
      for (const text of flat(SHELL_TEXTS[lang])) {
        expect(text.trim()).not.toBe('');
        expect(text.toLowerCase()).not.toContain('kansen');
      }
    }
  });
});
