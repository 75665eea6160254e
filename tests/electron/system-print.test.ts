import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { systemPrintTransport } = await import('../../main/electron/system-print.js');
const { layoutReceipt, testReceipt } = await import('../../main/hardware/printer/receipt.js');
const { encodeReceipt } = await import('../../main/hardware/printer/escpos.js');
const { PrintError } = await import('../../main/hardware/printer/transports/transport.js');

function job() {
  const layout = layoutReceipt({ ...testReceipt('nl', 'Cultuurcentrum Hasselt'), activityTitle: 'Théâtre: La vallée' }, 42);
  return { layout, bytes: encodeReceipt(layout, { cut: true, openDrawer: false }) };
}

function printedHtml(url: string): string {
  const prefix = 'data:text/html;charset=utf-8,';
  expect(url.startsWith(prefix)).toBe(true);
  return decodeURIComponent(url.slice(prefix.length));
}

beforeEach(() => double.resetElectronDouble());

describe('the system printer in Electron', () => {
  it('prints the receipt silently from a hidden, script-less, sandboxed window that is gone afterwards', async () => {
    await systemPrintTransport(undefined).send(job());
    expect(double.printing.jobs).toHaveLength(1);
    const [printed] = double.printing.jobs;
    expect(printed?.options).toMatchObject({ silent: true, printBackground: false });
    expect(printed?.options).not.toHaveProperty('deviceName');
    const html = printedHtml(printed?.url ?? '');
    expect(html).toContain('Cultuurcentrum Hasselt');
    expect(html).toContain('Théâtre: La vallée');
    expect(html).toContain('UiTPAS-tarief');
    const [window] = double.BrowserWindowDouble.instances;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    expect(window?.options.webPreferences).not.toHaveProperty('preload');
    expect(window?.isDestroyed()).toBe(true);
  });

  it('sends the job to the named printer when it exists', async () => {
    double.printing.printers = ['EPSON TM-T20III', 'Kantoor'];
    await systemPrintTransport('EPSON TM-T20III').send(job());
    expect(double.printing.jobs[0]?.options).toMatchObject({ silent: true, deviceName: 'EPSON TM-T20III' });
  });

  it('refuses an unknown printer name with a configuration error, printing nothing', async () => {
    double.printing.printers = ['Kantoor'];
    const sent = systemPrintTransport('EPSON TM-T20III').send(job());
    await expect(sent).rejects.toBeInstanceOf(PrintError);
    await expect(sent).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('Kantoor') as string });
    expect(double.printing.jobs).toHaveLength(0);
    expect(double.BrowserWindowDouble.instances.every((w) => w.isDestroyed())).toBe(true);
  });

  it('reports a spooler failure with its reason, so the print queue retries it', async () => {
    double.printing.failWith = 'Printer is offline';
    const sent = systemPrintTransport(undefined).send(job());
    await expect(sent).rejects.toMatchObject({ kind: 'spooler', message: expect.stringContaining('Printer is offline') as string });
    expect(double.BrowserWindowDouble.instances.every((w) => w.isDestroyed())).toBe(true);
  });
});

describe('the system printers for discovery', () => {
  it("lists the OS's printers from a hidden window that is gone afterwards", async () => {
    const { systemPrinterList } = await import('../../main/electron/system-print.js');
    double.printing.printers = ['Kassa_80mm', 'Kantoor'];
    expect(await systemPrinterList()).toEqual([
      { name: 'Kassa_80mm', label: 'Kassa_80mm' },
      { name: 'Kantoor', label: 'Kantoor' },
    ]);
    const [window] = double.BrowserWindowDouble.instances;
    expect(window?.options).toMatchObject({ show: false, webPreferences: { sandbox: true, javascript: false } });
    expect(window?.isDestroyed()).toBe(true);
  });
});
