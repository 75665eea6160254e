/**
 * IPC fuzz test: hostile payloads to every contract call through both transports.
 * - Electron: the real ipc.ts handlers (with the electron double) over a real runtime in a temp
 *   data folder, reached through the preload's bridge and through raw ipcRenderer.invoke.
 * - Web host: the real `npm run start:web` process (main/web/cli.ts) over a real WebSocket.
 * Every payload gets a clear error envelope/frame; the process stays up and keeps answering; the
 * data folder (outbox rows, settings) is the same before and after; Object.prototype is untouched.
 * Seeded: set LOKET_FUZZ_SEED to replay the inputs of a failing run (the seed is in the test names).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { calls, type CallName, type Envelope } from '../../contract/index.js';
import { envWithoutLoket, waitForOutput } from '../support/child-process.js';
import { fuzzSeed, hostileInputs, malformedFrames, seededRng, unknownNames } from './fuzz-inputs.js';

vi.mock('electron', () => import('../electron/electron-double.js'));

const double = await import('../electron/electron-double.js');
const { createRuntime } = await import('../../main/runtime/runtime.js');
const { silentLogger } = await import('../../main/core/log.js');
const { registerCallHandlers } = await import('../../main/electron/ipc.js');
const { createBridge } = await import('../../main/electron/bridge.js');
type Runtime = Awaited<ReturnType<typeof createRuntime>>;

const SEED = fuzzSeed();
const RANDOM_PER_CALL = 30;
const CALL_NAMES = Object.keys(calls) as CallName[];
const ROOT = path.resolve(import.meta.dirname, '../..');
/** Error codes a refused call may carry; anything else (INTERNAL above all) is a finding. */
const REFUSAL_CODES = ['INVALID_INPUT', 'UNKNOWN_CALL', 'BAD_FRAME'];
const MAX_MESSAGE = 4000;

/** The data folder's content: every SQLite table's rows (WAL included) and every other file's hash. */
function snapshotDataDir(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      if (statSync(full).isDirectory()) {
        // Logs may grow (refused upgrades are logged); they are not state.
        if (name !== 'logs') walk(full);
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

function expectRefusal(answer: unknown, label: string): void {
  const env = answer as Envelope<unknown>;
  expect(env, label).toMatchObject({ ok: false });
  if (env.ok) return;
  expect(REFUSAL_CODES, `${label}: code ${env.error.code}: ${env.error.message.slice(0, 200)}`).toContain(env.error.code);
  expect(typeof env.error.message, label).toBe('string');
  expect(env.error.message.length, `${label}: message length`).toBeGreaterThan(0);
  expect(env.error.message.length, `${label}: message length`).toBeLessThanOrEqual(MAX_MESSAGE);
}

function expectPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

describe(`IPC fuzz over Electron IPC (seed ${SEED})`, () => {
  let runtime: Runtime;
  let dataDir: string;
  let unregister: () => void;
  let bridge: ReturnType<typeof createBridge>;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'loket-fuzz-ipc-'));
    double.resetElectronDouble();
    runtime = await createRuntime({ transport: 'electron', env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
    const window = new double.BrowserWindow({});
    await window.loadURL('app://loket/index.html');
    type Trusted = Parameters<typeof registerCallHandlers>[1];
    unregister = registerCallHandlers(runtime.dispatcher, (() => window.webContents) as unknown as Trusted);
    double.ipcRenderer.attachTo(window.webContents);
    bridge = createBridge(double.ipcRenderer);
    // Let the services settle (first connectivity probe, queue status) before the snapshot.
    await runtime.dispatcher.dispatch('queue.status', undefined);
    before = snapshotDataDir(dataDir);
  });
  afterAll(async () => {
    unregister?.();
    await runtime?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(CALL_NAMES)('%s: every hostile input gets a clear refusal through the preload bridge and raw IPC', async (name) => {
    const rng = seededRng(SEED ^ hash(name));
    const inputs = hostileInputs(rng, name, RANDOM_PER_CALL, { cloneable: true });
    expect(inputs.length).toBeGreaterThan(20);
    for (const [i, input] of inputs.entries()) {
      const label = `${name} #${i} (seed ${SEED})`;
      expectRefusal(await bridge.invoke(name, input), `${label} via bridge`);
      // A compromised renderer is not limited to the bridge: raw invoke with extra arguments.
      let raw: unknown;
      try {
        raw = await double.ipcRenderer.invoke(`loket:call:${name}`, input, 'extra', { more: true });
      } catch (err) {
        // Only a value the structured clone refuses may fail before reaching main.
        expect(String(err), label).toMatch(/could not be cloned/);
        continue;
      }
      expectRefusal(raw, `${label} via raw invoke`);
    }
    expectPrototypeClean();
  });

  it('unknown call names are refused by the bridge and have no IPC channel at all', async () => {
    const rng = seededRng(SEED);
    for (const name of unknownNames(rng, 40)) {
      expectRefusal(await bridge.invoke(name, { text: 'x' }), `name ${JSON.stringify(name.slice(0, 40))}`);
      await expect(double.ipcRenderer.invoke(`loket:call:${name}`, {})).rejects.toThrow(/No handler registered/);
    }
    const oddNames: unknown[] = [null, undefined, 42, {}, ['app.info'], Symbol.iterator.toString()];
    for (const [i, odd] of oddNames.entries()) {
      expectRefusal(await bridge.invoke(odd as string, undefined), `odd name #${i}`);
    }
  });

  it('main still answers and nothing in the data folder changed', async () => {
    expect(await bridge.invoke('app.ping', { text: 'still here' })).toMatchObject({ ok: true, value: { text: 'still here' } });
    expect(await bridge.invoke('app.info', undefined)).toEqual({ ok: true, value: runtime.info });
    expect(snapshotDataDir(dataDir)).toEqual(before);
    expectPrototypeClean();
  });
});

describe(`IPC fuzz over the web host's WebSocket (seed ${SEED})`, () => {
  let child: ChildProcess;
  let output = '';
  let dataDir: string;
  let url: URL;
  let ws: WebSocket;
  let before: Record<string, unknown>;
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let nextId = 1;

  async function nextFrame(pred: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const i = frames.findIndex(pred);
      if (i >= 0) return frames.splice(i, 1)[0]!;
      await new Promise<void>((r) => waiters.push(r));
    }
  }
  async function call(name: unknown, input: unknown): Promise<unknown> {
    const id = nextId++;
    ws.send(JSON.stringify({ id, name, input }));
    const answer = await nextFrame((f) => f.id === id);
    return 'result' in answer ? answer.result : { ok: false, error: answer.error };
  }
  function alive(): void {
    expect(child.exitCode, output.slice(-2000)).toBeNull();
    expect(ws.readyState).toBe(WebSocket.OPEN);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'loket-fuzz-web-'));
    const host = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
      cwd: ROOT,
      env: { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_WEB_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = host;
    host.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    host.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    url = new URL((await waitForOutput(host, /^LOKET_URL (\S+)$/m, { detail: () => output }))[1]!);
    ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { origin: url.origin });
    ws.on('message', (data) => {
      frames.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
      for (const w of waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await call('queue.status', undefined);
    before = snapshotDataDir(dataDir);
  }, 60_000);

  afterAll(async () => {
    ws?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(CALL_NAMES)('%s: every hostile input gets a clear refusal', async (name) => {
    const rng = seededRng(SEED ^ hash(name));
    const inputs = hostileInputs(rng, name, RANDOM_PER_CALL, { cloneable: false });
    for (const [i, input] of inputs.entries()) expectRefusal(await call(name, input), `${name} #${i} (seed ${SEED})`);
    alive();
  });

  it('unknown and non-string call names are refused', async () => {
    for (const name of unknownNames(seededRng(SEED), 40))
      expectRefusal(await call(name, { text: 'x' }), `name ${JSON.stringify(name.slice(0, 40))}`);
    for (const odd of [null, 42, {}, ['app.info'], true]) expectRefusal(await call(odd, undefined), `name ${JSON.stringify(odd)}`);
    alive();
  });

  it('non-JSON, truncated and odd frames get BAD_FRAME; binary frames too', async () => {
    for (const text of malformedFrames(seededRng(SEED), 60)) {
      ws.send(text);
      // A frame that is well-formed apart from a hostile name is answered as a call (UNKNOWN_CALL).
      const answer = await nextFrame((f) => 'error' in f || 'result' in f);
      expectRefusal('result' in answer ? answer.result : { ok: false, error: answer.error }, `frame ${JSON.stringify(text.slice(0, 60))}`);
    }
    // Nesting far deeper than any serializer on our side produces: the host's JSON.parse must cope.
    for (const depth of [10_000, 100_000]) {
      ws.send(`{"id":"deep-${depth}","name":"app.ping","input":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expectRefusal((await nextFrame((f) => f.id === `deep-${depth}`)).result, `nesting ${depth}`);
    }
    ws.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
    expect(await nextFrame((f) => 'error' in f)).toMatchObject({ error: { code: 'BAD_FRAME' } });
    alive();
  });

  it('the host still answers and nothing in the data folder changed', async () => {
    expect(await call('app.ping', { text: 'still here' })).toMatchObject({ ok: true, value: { text: 'still here' } });
    const info = (await call('app.info', undefined)) as Envelope<Record<string, unknown>>;
    expect(info).toMatchObject({ ok: true, value: { name: 'Loket', transport: 'web' } });
    expect(snapshotDataDir(dataDir)).toEqual(before);
    alive();
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
