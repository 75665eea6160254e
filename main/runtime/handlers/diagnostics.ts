/** app.diagnostics: facts for the support desk (where the log file is, versions, update state). */
import type { Diagnostics } from '../../../contract/schemas/diagnostics.js';
import type { LoketContext } from '../../config/index.js';
import type { Handlers } from '../dispatcher.js';
import type { UpdateStatus } from '../../updates/update-policy.js';
import { definedOnly } from '../../../contract/defined-only.js';

export interface DiagnosticsSources {
  /** Absent: the log goes to the console. */
  logFile?: string;
  /** Filled in by main/electron once the updater runs; absent: updates are not part of this transport. */
  update?: () => UpdateStatus;
}

export function diagnosticsHandlers(ctx: LoketContext, sources: DiagnosticsSources = {}): Pick<Handlers, 'app.diagnostics'> {
  return {
    'app.diagnostics': (): Diagnostics => {
      const runtime: Record<string, string> = { node: process.versions.node, platform: `${process.platform}-${process.arch}` };
      const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
      if (versions.electron) runtime.electron = versions.electron;
      if (versions.chrome) runtime.chrome = versions.chrome;
      return {
        version: ctx.version,
        transport: ctx.transport,
        mode: ctx.config.mode,
        runtime,
        dataDir: ctx.dataDir,
        ...definedOnly({ logFile: sources.logFile }),
        update: sources.update?.() ?? { state: 'disabled', reason: ctx.transport === 'web' ? 'web-host' : 'not-started' },
      };
    },
  };
}
