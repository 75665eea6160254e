/**
 * The hardware capability as the runtime wires it: events reach the bus (validated against the
 * contract), calls answer in contract shapes. node-hid is the faithful double (no scanner here);
 * the printer is a real loopback TCP listener.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { events } from '../../../contract/index.js';
import { defaultSettings } from '../../../contract/settings.js';
import { createHardware } from '../../../main/hardware/index.js';
import { hardwareHandlers } from '../../../main/runtime/handlers/hardware.js';
import { FakeHidBus, honeywellScanner } from '../../unit/scanner/hid-double.js';
import { honeywellReport } from '../../unit/scanner/hid-reports.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { startFakePrinter } from '../../support/fake-printer.js';
import { afterThisTest, closeAll, testContext } from '../../support/runtime-context.js';

afterEach(closeAll);

function context(printerUrl: string) {
  const settings = defaultSettings();
  settings.printer.url = printerUrl;
  settings.printer.venueName = 'Zaal Vooruit';
  return testContext(settings);
}

describe('hardware handlers', () => {
  it('emits scanner status and scan events, lists devices, and test-prints to the printer', async () => {
    const printer = await startFakePrinter();
    afterThisTest(() => printer.close());
    const { port, received } = printer;

    const { ctx, seen } = context(`tcp://127.0.0.1:${port}`);
    const bus = new FakeHidBus();
    bus.plug(honeywellScanner);
    const hardware = createHardware(ctx, { hid: bus });
    const handlers = hardwareHandlers(hardware);

    await hardware.scanner.poll();
    expect(await handlers['scanner.status'](undefined)).toMatchObject({ state: 'connected' });
    expect(await handlers['scanner.devices'](undefined)).toEqual([
      expect.objectContaining({ path: '/dev/hidraw3', vendorId: 0x0c2e, usagePage: 0x8c, scanner: true }),
    ]);
    await new Promise((r) => setImmediate(r));
    bus.handle('/dev/hidraw3')!.deliver(honeywellReport('0930000420206'));
    const scans = seen.filter((e) => e.name === 'scan').map((e) => e.payload);
    expect(scans).toEqual([{ value: '0930000420206', symbology: 'ean13', source: 'hid' }]);
    // Every event on the bus matches the contract (the bus validates; double-check the shapes).
    for (const e of seen) expect(events[e.name].safeParse(e.payload).success).toBe(true);
    expect(seen.some((e) => e.name === 'scanner' && (e.payload as { state: string }).state === 'connected')).toBe(true);

    expect(await handlers['printer.testPrint'](undefined)).toEqual({ printed: true });
    expect(await handlers['printer.status'](undefined)).toMatchObject({ state: 'ok', url: `tcp://127.0.0.1:${port}`, queued: 0 });
    while (received.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(decodeEscPos(received[0]!).lines.join('\n')).toContain('Zaal Vooruit');
    expect(seen.some((e) => e.name === 'printer')).toBe(true);
  });

  it('reports a disabled printer and an unavailable HID stack without failing', async () => {
    const { ctx } = context('none');
    const bus = new FakeHidBus();
    bus.failEnumeration = new Error('libusb-1.0.so.0: cannot open shared object file');
    const hardware = createHardware(ctx, { hid: bus });
    const handlers = hardwareHandlers(hardware);
    await hardware.scanner.poll();
    expect(await handlers['scanner.status'](undefined)).toMatchObject({ state: 'unavailable' });
    await expect(handlers['scanner.devices'](undefined)).rejects.toMatchObject({ code: 'SCANNER_HID_UNAVAILABLE' });
    expect(await handlers['printer.status'](undefined)).toEqual({ state: 'disabled', url: 'none', queued: 0 });
    expect(await handlers['printer.testPrint'](undefined)).toEqual({ printed: false, reason: 'no printer configured' });
  });
});
