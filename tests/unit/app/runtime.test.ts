import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../main/runtime/runtime.js';
import { createConsoleLogger, formatLogLine, silentLogger } from '../../../main/core/log.js';
import pkg from '../../../package.json' with { type: 'json' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-runtime-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createRuntime', () => {
  it('answers app.info, app.ping and settings.get through the dispatcher', async () => {
    const rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir, LOKET_LANG: 'fr' }, log: silentLogger });
    try {
      expect(rt.info).toEqual({ name: 'Loket', version: pkg.version, mode: 'demo', transport: 'web', overrides: ['language'] });
      expect(await rt.dispatcher.dispatch('app.info', undefined)).toEqual({ ok: true, value: rt.info });
      const ping = await rt.dispatcher.dispatch('app.ping', { text: 'hallo' });
      expect(ping).toMatchObject({ ok: true, value: { text: 'hallo' } });
      const settings = await rt.dispatcher.dispatch('settings.get', {});
      expect(settings).toMatchObject({ ok: true, value: { language: 'fr', schemaVersion: 2 } });
    } finally {
      await rt.close();
    }
  });

  it('gives every new listener the connectivity state first, before any service reported', async () => {
    const rt = await createRuntime({ transport: 'electron', env: {}, dataDir: dir, log: silentLogger });
    const seen: Array<[string, unknown]> = [];
    rt.bus.attach((name, payload) => seen.push([name, payload]));
    expect(seen[0]?.[0]).toBe('connectivity');
    expect(seen[0]?.[1]).toMatchObject({ state: expect.stringMatching(/^(unknown|online|offline)$/) as unknown });
    await rt.close();
    await rt.close();
  });

  it('reports a broken settings file in app.info and keeps running on defaults', async () => {
    writeFileSync(join(dir, 'settings.json'), 'nope');
    const lines: string[] = [];
    const rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir }, log: createConsoleLogger((l) => lines.push(l)) });
    expect(rt.info.settingsError).toMatch(/not valid JSON/);
    expect(lines.some((l) => l.includes('WARN settings:'))).toBe(true);
    await rt.close();
  });

  it('never puts secrets into what the renderer can ask for', async () => {
    const rt = await createRuntime({
      transport: 'web',
      env: {
        LOKET_DATA_DIR: dir,
        LOKET_CONSUMER_KEY: 'ck',
        LOKET_CONSUMER_SECRET: 'SECRET-1',
        LOKET_TOKEN: 'TOKEN-2',
        LOKET_TOKEN_SECRET: 'SECRET-3',
      },
      log: silentLogger,
    });
    const answers = JSON.stringify([
      await rt.dispatcher.dispatch('app.info', undefined),
      await rt.dispatcher.dispatch('settings.get', undefined),
    ]);
    expect(rt.info.mode).toBe('live');
    expect(answers).not.toMatch(/SECRET-1|TOKEN-2|SECRET-3/);
    await rt.close();
  });
});

describe('formatLogLine', () => {
  it('prints level, message, fields and the error stack', () => {
    const line = formatLogLine('warn', 'retry', { saleId: 's-1', err: new Error('boom') }, new Date(0));
    expect(line.split('\n')[0]).toBe('1970-01-01T00:00:00.000Z WARN retry {"saleId":"s-1"}');
    expect(line).toContain('Error: boom');
  });
});
