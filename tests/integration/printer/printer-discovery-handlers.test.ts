/**
 * printer.list and printer.testPrintAt as the runtime wires them: discovery reads a temp folder
 * (LOKET_PRINTER_DISCOVERY_ROOT), a test print reaches a fake TCP printer before anything is
 * saved, and a URL the renderer names that passes the contract's schema but points where the
 * device policy forbids is refused in main, with nothing opened or written.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../../contract/index.js';
import { defaultSettings } from '../../../contract/settings.js';
import type { RuntimeConfig } from '../../../main/config/index.js';
import { createHardware } from '../../../main/hardware/index.js';
import { hardwareHandlers } from '../../../main/runtime/handlers/hardware.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { startFakePrinter } from '../../support/fake-printer.js';
import { afterThisTest, closeAll, testContext } from '../../support/runtime-context.js';
import { FakeHidBus } from '../../unit/scanner/hid-double.js';

afterEach(closeAll);

function setup(extra: Partial<RuntimeConfig> = {}) {
  const settings = defaultSettings();
  settings.printer.url = 'none';
  const { ctx } = testContext(settings, extra);
  return hardwareHandlers(createHardware(ctx, { hid: new FakeHidBus() }));
}

describe('printer discovery and test print through the calls', () => {
  it('printer.list lists what discovery sees under LOKET_PRINTER_DISCOVERY_ROOT, in the contract shape', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loket-disc-'));
    afterThisTest(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'dev', 'usb'), { recursive: true });
    writeFileSync(join(root, 'dev', 'usb', 'lp0'), '');
    writeFileSync(join(root, 'dev', 'ttyUSB0'), '');
    writeFileSync(join(root, 'lpstat-e.txt'), 'Kassa_80mm\n');
    const h = setup({ printerDiscoveryRoot: root });
    const list = calls['printer.list'].output.parse(await h['printer.list'](undefined));
    expect(list).toEqual({
      printers: [
        { kind: 'system', label: 'Kassa_80mm', url: 'system:Kassa_80mm' },
        { kind: 'usb', label: '/dev/usb/lp0', url: 'file:///dev/usb/lp0' },
        { kind: 'serial', label: '/dev/ttyUSB0', url: 'file:///dev/ttyUSB0' },
      ],
      failures: [],
    });
  });

  it('printer.testPrintAt prints a test receipt on a fake TCP printer that is not the configured one', async () => {
    const printer = await startFakePrinter();
    afterThisTest(() => printer.close());
    const h = setup();
    const job = printer.nextJob();
    expect(await h['printer.testPrintAt']({ url: `tcp://127.0.0.1:${printer.port}` })).toEqual({ printed: true });
    expect(decodeEscPos(await job).lines.join('\n')).toContain('Testafdruk');
  });

  it('printer.testPrintAt says why when the printer is not there', async () => {
    const h = setup();
    const r = await h['printer.testPrintAt']({ url: 'tcp://127.0.0.1:1' });
    expect(r.printed).toBe(false);
    expect(r.reason).toBeTruthy();
  });

  it('refuses, in main, URLs that pass the schema but the device policy forbids; nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loket-victim-'));
    afterThisTest(() => rmSync(dir, { recursive: true, force: true }));
    const victim = join(dir, 'outbox.sqlite');
    writeFileSync(victim, 'precious');
    const h = setup();
    for (const url of [
      'file:///dev/sda',
      'file:///etc/passwd',
      `file://${victim}`,
      'file:///dev/usb/../sda',
      'file:///dev/usb/lp0/../../sda',
      'tcp://8.8.8.8:9100',
      'tcp://printer.example.com:9100',
      'tcp://[2001:db8::1]:9100',
      'none',
    ]) {
      expect(calls['printer.testPrintAt'].input.safeParse({ url }).success).toBe(true);
      await expect(h['printer.testPrintAt']({ url }), url).rejects.toMatchObject({ code: 'PRINTER_URL_REFUSED' });
    }
    await expect(h['printer.testPrintAt']({ url: 'gopher://x' })).rejects.toMatchObject({ code: 'PRINTER_URL_INVALID' });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});
