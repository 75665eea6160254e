/**
 * printer.retry through the hardware handlers: with the printer down a job waits for its backoff;
 * when the printer is back, the call sends it now instead of after the backoff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../contract/settings.js';
import { calls } from '../../../contract/index.js';
import { createHardware } from '../../../main/hardware/index.js';
import { hardwareHandlers } from '../../../main/runtime/handlers/hardware.js';
import { freePort, startFakePrinter } from '../../support/fake-printer.js';
import { afterThisTest, closeAll, testContext } from '../../support/runtime-context.js';
import { FakeHidBus } from '../../unit/scanner/hid-double.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';

afterEach(closeAll);

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
};

describe('printer.retry', () => {
  it('sends the waiting job at once when the printer is back', async () => {
    const port = await freePort();
    const settings = defaultSettings();
    settings.printer.url = `tcp://127.0.0.1:${port}`;
    const { ctx } = testContext(settings);
    const hardware = createHardware(ctx, { hid: new FakeHidBus() });
    const handlers = hardwareHandlers(hardware);

    const { done } = hardware.printer.printLayout('report:X', { columns: 42, language: 'nl', lines: [{ text: 'Retry test' }] });
    await until(() => hardware.printer.status().state === 'error');
    const waiting = hardware.printer.status();
    expect(waiting).toMatchObject({ state: 'error', queued: 1, reason: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(waiting.nextRetryAt).toBeDefined();

    const printer = await startFakePrinter(port);
    afterThisTest(() => printer.close());
    const { received } = printer;

    const answer = await handlers['printer.retry'](undefined);
    expect(calls['printer.retry'].output.safeParse(answer).success).toBe(true);
    const job = await done;
    expect(job.state).toBe('printed');
    // Sent before the backoff would have sent it: the retry did it, not the timer.
    expect(Date.parse(job.printedAt!)).toBeLessThan(Date.parse(waiting.nextRetryAt!));
    expect(hardware.printer.status()).toMatchObject({ state: 'ok', queued: 0 });
    await until(() => received.length > 0);
    expect(decodeEscPos(received[0]!).lines.join('\n')).toContain('Retry test');
  });
});
