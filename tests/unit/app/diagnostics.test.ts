import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log.js';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';

let dir: string;
let rt: Runtime | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loket-diag-'));
});
afterEach(async () => {
  await rt?.close();
  rt = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('app.diagnostics', () => {
  it('web host: data folder and versions, the log on the console, no updates', async () => {
    rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir }, log: silentLogger });
    const answer = await rt.dispatcher.dispatch('app.diagnostics', undefined);
    expect(answer).toEqual({
      ok: true,
      value: {
        version: rt.info.version,
        transport: 'web',
        mode: 'demo',
        runtime: { node: process.versions.node, platform: `${process.platform}-${process.arch}` },
        dataDir: dir,
        update: { state: 'disabled', reason: 'web-host' },
      },
    });
  });

  it('Electron: shows the log file and the updater state it is given', async () => {
    const logFile = path.join(dir, 'logs', 'loket.log');
    rt = await createRuntime({
      transport: 'electron',
      env: { LOKET_DATA_DIR: dir },
      log: silentLogger,
      diagnostics: { logFile, update: () => ({ state: 'downloaded', version: '0.2.0' }) },
    });
    expect(await rt.dispatcher.dispatch('app.diagnostics', {})).toMatchObject({
      ok: true,
      value: { transport: 'electron', logFile, update: { state: 'downloaded', version: '0.2.0' } },
    });
  });

  it('takes no input', async () => {
    rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir }, log: silentLogger });
    expect(await rt.dispatcher.dispatch('app.diagnostics', { path: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
