/**
 * The folder dialog for report.exportCsv in Electron: the operator picks where the CSV goes (the
 * web host has no dialog; there the operator types a path that main checks). Main checks the
 * picked folder the same way before writing.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions, type OpenDialogReturnValue } from 'electron';
import type { FolderPicker } from '../reports/index.js';

export interface FolderDialog {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

const OPTIONS: OpenDialogOptions = {
  title: 'Map voor het rapport · Dossier pour le rapport · Folder for the report',
  properties: ['openDirectory', 'createDirectory'],
};

/** Resolves with the chosen folder, or undefined when the operator cancelled. */
export function reportFolderPicker(parent: () => BrowserWindow | null, dlg: FolderDialog = dialog): FolderPicker {
  return async () => {
    const window = parent();
    const result = window && !window.isDestroyed() ? await dlg.showOpenDialog(window, OPTIONS) : await dlg.showOpenDialog(OPTIONS);
    return result.canceled ? undefined : result.filePaths[0];
  };
}
