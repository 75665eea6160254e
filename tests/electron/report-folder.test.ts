/** The Electron folder dialog behind report.exportCsv, with a dialog double shaped like Electron's. */
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';

vi.mock('electron', () => import('./electron-double.js'));
const { reportFolderPicker } = await import('../../main/electron/report-folder.js');

function dialogDouble(answer: OpenDialogReturnValue) {
  const calls: Array<{ window: unknown; options: OpenDialogOptions }> = [];
  const showOpenDialog = (a: BrowserWindow | OpenDialogOptions, b?: OpenDialogOptions) => {
    calls.push(b ? { window: a, options: b } : { window: undefined, options: a });
    return Promise.resolve(answer);
  };
  return { calls, dlg: { showOpenDialog } as Parameters<typeof reportFolderPicker>[1] };
}

describe('report folder picker', () => {
  it('asks for a folder over the main window and returns the choice', async () => {
    const { calls, dlg } = dialogDouble({ canceled: false, filePaths: ['/home/balie/Rapporten'] });
    const window = { isDestroyed: () => false } as unknown as BrowserWindow;
    expect(await reportFolderPicker(() => window, dlg)()).toBe('/home/balie/Rapporten');
    expect(calls[0]?.window).toBe(window);
    expect(calls[0]?.options.properties).toEqual(['openDirectory', 'createDirectory']);
  });

  it('returns undefined when the operator cancels, and works without a window', async () => {
    const { calls, dlg } = dialogDouble({ canceled: true, filePaths: [] });
    expect(await reportFolderPicker(() => null, dlg)()).toBeUndefined();
    expect(calls[0]?.window).toBeUndefined();
  });
});
