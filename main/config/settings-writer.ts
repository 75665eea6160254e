/**
 * The one way a running Loket changes its settings file: each change lands on what the file says
 * (never on env overrides), writes are queued so two changes cannot overwrite each other, and the
 * runtime's view (config.fileSettings and the effective config.settings) follows every save.
 */
import type { Settings } from '../../contract/settings.js';
import { applyOverrides } from './effective.js';
import type { EnvOverrides } from './env-overrides.js';
import type { RuntimeConfig } from './index.js';
import { saveSettings } from './settings-file.js';

export class SettingsWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: Pick<RuntimeConfig, 'settings' | 'fileSettings' | 'dataDir'>,
    private readonly env: EnvOverrides,
  ) {}

  /** `change` gets a copy of the current file settings and returns the next ones; resolves with them. */
  update(change: (file: Settings) => Settings): Promise<Settings> {
    const run = this.queue.then(async () => {
      const next = change(structuredClone(this.config.fileSettings));
      await saveSettings(this.config.dataDir, next);
      this.config.fileSettings = next;
      this.config.settings = applyOverrides(next, this.env).settings;
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
