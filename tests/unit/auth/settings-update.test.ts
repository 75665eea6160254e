/**
 * settings.update and the auth calls through the real runtime and dispatcher (demo mode, the
 * in-process simulator): field problems, atomic save surviving a restart, the write-only consumer
 * secret in a 0600 file, and no contract output ever carrying a secret.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log.js';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { applySettingsChanges } from '../../../contract/settings-form.js';
import { defaultSettings } from '../../../contract/settings.js';

let dir: string;
const open: Runtime[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-settings-'));
});
afterEach(async () => {
  for (const rt of open.splice(0)) await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runtime(env: Record<string, string> = {}): Promise<Runtime> {
  const rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir, ...env }, log: silentLogger });
  open.push(rt);
  return rt;
}

describe('applySettingsChanges (shared by the form and main)', () => {
  it('names every bad field with a problem the screen can translate', () => {
    const r = applySettingsChanges(defaultSettings(), {
      uitpas: { environment: 'custom', timeoutMs: 10 },
      printer: { url: 'lpt1', columns: 50 },
      scanner: { wedgeMaxGapMs: Number.NaN, wedgeMinLength: 4.5 },
      offline: { maxUnregisteredAgeHours: 1000 },
      language: 'de',
      consumerSecret: 'with space',
    });
    expect(r.ok).toBe(false);
    const problems = !r.ok ? Object.fromEntries(r.problems.map((p) => [p.field, p])) : {};
    expect(problems).toMatchObject({
      'uitpas.customUrl': { problem: 'required' },
      'uitpas.timeoutMs': { problem: 'min', min: 1000 },
      'printer.url': { problem: 'printer-url' },
      'printer.columns': { problem: 'choice' },
      'scanner.wedgeMaxGapMs': { problem: 'number' },
      'scanner.wedgeMinLength': { problem: 'integer' },
      'offline.maxUnregisteredAgeHours': { problem: 'max', max: 720 },
      language: { problem: 'choice' },
      consumerSecret: { problem: 'spaces' },
    });
  });

  it('applies good changes, trims text and clears with null', () => {
    const start = defaultSettings();
    start.printer.venueName = 'CC';
    const r = applySettingsChanges(start, {
      uitpas: { environment: 'custom', customUrl: ' http://127.0.0.1:1/uitid/rest ' },
      printer: { venueName: null, columns: 48 },
    });
    expect(r).toMatchObject({
      ok: true,
      settings: { uitpas: { environment: 'custom', customUrl: 'http://127.0.0.1:1/uitid/rest' }, printer: { columns: 48 } },
    });
    expect(r.ok && r.settings.printer.venueName).toBeUndefined();
  });
});

describe('applySettingsChanges for API 4', () => {
  it('checks the API 4 addresses (not the XML one), refuses acceptance and a client id with spaces', () => {
    const r = applySettingsChanges(defaultSettings(), {
      uitpas: { api: 'v4', environment: 'custom', customApiUrl: 'http://api.example', clientId: 'a b' },
      clientSecret: ' ',
    });
    expect(r.ok).toBe(false);
    const problems = !r.ok ? Object.fromEntries(r.problems.map((p) => [p.field, p.problem])) : {};
    expect(problems).toEqual({
      'uitpas.customApiUrl': 'https',
      'uitpas.customSearchUrl': 'required',
      'uitpas.customIssuerUrl': 'required',
      'uitpas.clientId': 'spaces',
      clientSecret: 'required',
    });
    const acc = applySettingsChanges(defaultSettings(), { uitpas: { api: 'v4', environment: 'acceptance' } });
    expect(!acc.ok && acc.problems).toEqual([{ field: 'uitpas.environment', problem: 'choice' }]);
    expect(applySettingsChanges(defaultSettings(), { uitpas: { api: 'json' } })).toMatchObject({
      ok: false,
      problems: [{ field: 'uitpas.api', problem: 'choice' }],
    });
  });

  it('applies an API 4 installation: api, client id and loopback custom addresses', () => {
    const r = applySettingsChanges(defaultSettings(), {
      uitpas: {
        api: 'v4',
        environment: 'custom',
        customApiUrl: 'http://127.0.0.1:1/uitpas',
        customSearchUrl: 'http://127.0.0.1:1/search',
        customIssuerUrl: 'http://127.0.0.1:2/realms/uitid',
        clientId: ' loket-desktop ',
      },
    });
    expect(r).toMatchObject({ ok: true, settings: { uitpas: { api: 'v4', clientId: 'loket-desktop', environment: 'custom' } } });
  });
});

describe('settings.update through the runtime', () => {
  it('keeps the UiTiD client secret write-only in the secret store; the API and client id need a restart', async () => {
    const rt = await runtime();
    const res = await rt.dispatcher.dispatch('settings.update', {
      uitpas: { api: 'v4', clientId: 'loket-counter-client' },
      clientSecret: 'client-secret-value',
    });
    expect(res).toMatchObject({
      ok: true,
      value: { settings: { uitpas: { api: 'v4' } }, clientSecretSet: true, consumerSecretSet: false },
    });
    expect(res.ok && (res.value as { restartNeeded: string[] }).restartNeeded).toEqual(['uitpas.api', 'uitpas.clientId', 'clientSecret']);
    expect(JSON.stringify(res)).not.toContain('client-secret-value');
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ clientSecret: 'client-secret-value' });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('client-secret-value');
  });

  it('refuses bad input per field and changes nothing on disk', async () => {
    const rt = await runtime();
    const res = await rt.dispatcher.dispatch('settings.update', { scanner: { wedgeMaxGapMs: 500 } });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'SETTINGS_INVALID', details: { fields: [{ field: 'scanner.wedgeMaxGapMs', problem: 'max', max: 200 }] } },
    });
    expect(() => readFileSync(join(dir, 'settings.json'))).toThrow();
  });

  it('saves a change that survives a restart; says what needs a restart; keeps the consumer secret write-only in a 0600 file', async () => {
    const rt = await runtime();
    const res = await rt.dispatcher.dispatch('settings.update', {
      language: 'fr',
      printer: { columns: 48 },
      uitpas: { consumerKey: 'my-app-key' },
      consumerSecret: 'top-secret-value',
    });
    expect(res).toMatchObject({ ok: true, value: { settings: { language: 'fr', printer: { columns: 48 } }, consumerSecretSet: true } });
    // The language applies at once; the client, the printer and the scanner are built at start.
    expect(res.ok && (res.value as { restartNeeded: string[] }).restartNeeded).toEqual([
      'uitpas.consumerKey',
      'printer.columns',
      'consumerSecret',
    ]);
    expect(JSON.stringify(res)).not.toContain('top-secret-value');
    expect(await rt.dispatcher.dispatch('settings.get', undefined)).toMatchObject({ ok: true, value: { language: 'fr' } });
    const secrets = join(dir, 'secrets.json');
    expect(JSON.parse(readFileSync(secrets, 'utf8'))).toEqual({ consumerSecret: 'top-secret-value' });
    if (process.platform !== 'win32') expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('top-secret-value');
    await rt.close();
    open.splice(0);

    // Consumer key + stored secret: the next start is live (the employee logs in from the screen).
    const again = await runtime({ LOKET_UITPAS_URL: 'http://127.0.0.1:9/uitid/rest' });
    expect(again.info.mode).toBe('live');
    expect(await again.dispatcher.dispatch('settings.get', undefined)).toMatchObject({
      ok: true,
      value: { language: 'fr', printer: { columns: 48 } },
    });
    const status = await again.dispatcher.dispatch('auth.status', undefined);
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'logged-out', consumerConfigured: true, secretStorage: { kind: 'file', plainText: true } },
    });
    expect(JSON.stringify(status)).not.toContain('top-secret-value');
  });

  it('demo mode starts logged in at the simulator counter; LOKET_DEMO_LOGIN=1 starts logged out', async () => {
    const rt = await runtime();
    expect(await rt.dispatcher.dispatch('auth.status', undefined)).toMatchObject({
      ok: true,
      value: { state: 'ready', counter: { consumerKey: expect.any(String) as unknown } },
    });
    await rt.close();
    open.splice(0);
    const out = await runtime({ LOKET_DEMO_LOGIN: '1' });
    expect(await out.dispatcher.dispatch('auth.status', undefined)).toMatchObject({ ok: true, value: { state: 'logged-out' } });
    // No transport attached (no web host here): a clear error, not a crash.
    expect(await out.dispatcher.dispatch('auth.login', undefined)).toMatchObject({ ok: false, error: { code: 'AUTH_NO_TRANSPORT' } });
    expect(
      await out.dispatcher.dispatch('sale.sell', { cdbid: 'x', uitpasNumber: '0930000000107', priceClass: 'Basis' }).then((r) => r.ok),
    ).toBe(false);
  });
});
