/** The settings screen's save and test print; the form values themselves live in the component. */
import { create } from 'zustand';
import type { FieldProblem } from '../../../../contract/settings-form.js';
import { applySettingsChanges } from '../../../../contract/settings-form.js';
import type { SettingsChanges } from '../../../../contract/settings-form.js';
import type { HidDeviceInfo } from '../../../../contract/schemas/hardware.js';
import { client, LoketCallError } from '../../lib/api/client.js';
import { setLanguage } from '../../lib/i18n/index.js';
import { toProblem, type Problem } from '../sale/failure.js';
import { useAppStore } from '../../app/app-store.js';

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; restartNeeded: string[] }
  | { status: 'invalid'; problems: FieldProblem[] }
  | { status: 'failed'; problem: Problem };

export type TestPrintState =
  | { status: 'idle' }
  | { status: 'printing' }
  | { status: 'done'; printed: boolean; reason?: string | undefined }
  | { status: 'failed'; problem: Problem };

export interface SettingsScreenState {
  save: SaveState;
  testPrint: TestPrintState;
  consumerSecretSet: boolean | undefined;
  clientSecretSet: boolean | undefined;
  /** HID devices main sees, for the scanner choice; empty when the list could not be read. */
  devices: HidDeviceInfo[];
  loadDevices: () => Promise<void>;
  submit: (changes: SettingsChanges) => Promise<void>;
  printTest: (url?: string) => Promise<void>;
  reset: () => void;
}

function fieldProblems(err: unknown): FieldProblem[] | undefined {
  if (!(err instanceof LoketCallError) || err.code !== 'SETTINGS_INVALID') return undefined;
  const fields = err.details?.fields;
  return Array.isArray(fields) ? (fields as FieldProblem[]) : undefined;
}

export const useSettingsScreen = create<SettingsScreenState>()((set) => ({
  save: { status: 'idle' },
  testPrint: { status: 'idle' },
  consumerSecretSet: undefined,
  clientSecretSet: undefined,
  devices: [],
  reset: () => set({ save: { status: 'idle' }, testPrint: { status: 'idle' } }),

  async loadDevices() {
    set({
      devices: await client()
        .call('scanner.devices')
        .catch(() => []),
    });
  },

  async submit(changes) {
    const current = useAppStore.getState().settings;
    // The same check main runs: most mistakes are shown without a round trip.
    if (current) {
      const local = applySettingsChanges(current, changes);
      if (!local.ok) return set({ save: { status: 'invalid', problems: local.problems } });
    }
    set({ save: { status: 'saving' } });
    try {
      const result = await client().call('settings.update', changes);
      const app = useAppStore.getState();
      if (result.settings.language !== app.settings?.language) await setLanguage(result.settings.language);
      app.setSettings(result.settings);
      set({
        save: { status: 'saved', restartNeeded: result.restartNeeded },
        consumerSecretSet: result.consumerSecretSet,
        clientSecretSet: result.clientSecretSet,
      });
    } catch (err) {
      const problems = fieldProblems(err);
      set({ save: problems ? { status: 'invalid', problems } : { status: 'failed', problem: toProblem(err) } });
    }
  },

  async printTest(url?: string) {
    set({ testPrint: { status: 'printing' } });
    try {
      // A printer typed but not saved yet is tested where it is (main checks the URL again).
      const typed = url?.trim();
      const saved = useAppStore.getState().settings?.printer.url;
      const r =
        typed && typed !== 'none' && typed !== saved
          ? await client().call('printer.testPrintAt', { url: typed })
          : await client().call('printer.testPrint');
      set({ testPrint: { status: 'done', printed: r.printed, reason: r.reason } });
    } catch (err) {
      set({ testPrint: { status: 'failed', problem: toProblem(err) } });
    }
  },
}));
