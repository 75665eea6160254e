/**
 * The 'system' printer in the desktop app: the receipt as an HTML page in a hidden, sandboxed,
 * script-less window, printed silently with Chromium's print pipeline (any printer the OS
 * knows, Windows included, where there is no `lp`). The window lives only for one job.
 */
import { BrowserWindow } from 'electron';
import { receiptHtml } from '../hardware/printer/receipt-html.js';
import { PrintError, type PrinterTransport } from '../hardware/printer/transports/transport.js';
import { definedOnly } from '../../contract/defined-only.js';

export function systemPrintTransport(printerName: string | undefined): PrinterTransport {
  return {
    description: printerName ? `system printer "${printerName}"` : 'default system printer',
    async send(job) {
      const window = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          webSecurity: true,
          spellcheck: false,
          // No middle-click navigation (Electronegativity AUXCLICK_JS_CHECK); the page has no links anyway.
          disableBlinkFeatures: 'Auxclick',
        },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(receiptHtml(job.layout))}`);
        if (printerName !== undefined) {
          const printers = await window.webContents.getPrintersAsync();
          if (!printers.some((p) => p.name === printerName)) {
            throw new PrintError(
              'config',
              `no system printer named "${printerName}" (known: ${printers.map((p) => p.name).join(', ') || 'none'})`,
            );
          }
        }
        await new Promise<void>((resolve, reject) => {
          window.webContents.print(
            {
              silent: true,
              printBackground: false,
              margins: { marginType: 'none' },
              ...definedOnly({ deviceName: printerName }),
            },
            (success, failureReason) =>
              success
                ? resolve()
                : reject(new PrintError('spooler', `the system printer refused the receipt: ${failureReason || 'no reason given'}`)),
          );
        });
      } finally {
        if (!window.isDestroyed()) window.destroy();
      }
    },
  };
}

/**
 * The OS's printers as Chromium sees them (CUPS on Linux/macOS, the spooler on Windows), for
 * printer discovery (main/hardware/printer/discovery.ts): a hidden, empty, script-less window asked once.
 */
export async function systemPrinterList(): Promise<Array<{ name: string; label: string }>> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    const printers = await window.webContents.getPrintersAsync();
    return printers.map((p) => ({ name: p.name, label: p.displayName || p.name }));
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
