import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { EventBus } = await import('../../main/app/event-bus.js');
const { createConsoleLogger } = await import('../../main/app/log.js');
const { readDayClosed, startUpdater } = await import('../../main/electron/updater.js');
const { createRuntime } = await import('../../main/app/runtime.js');
const { silentLogger } = await import('../../main/app/log.js');
const { buildSeed } = await import('../../main/simulator/seed.js');
import type { UpdaterLike, Updates } from '../../main/electron/updater.js';

/**
 * A double of electron-updater's AppUpdater, modelling what the glue relies on: checkForUpdates
 * emits checking-for-update then update-available / update-not-available; with autoDownload the
 * download follows (download-progress, update-downloaded); quitAndInstall only after a download.
 */
class AppUpdaterDouble extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: UpdaterLike['logger'] = null;
  feed: unknown = null;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  /** What the server offers next. */
  offered: string | null = null;
  failWith: Error | null = null;
  private downloadedVersion: string | null = null;

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }
  checkForUpdates(): Promise<unknown> {
    this.checks++;
    this.emit('checking-for-update');
    if (this.failWith) {
      this.emit('error', this.failWith);
      return Promise.reject(this.failWith);
    }
    if (!this.offered) {
      this.emit('update-not-available', { version: '0.1.0' });
      return Promise.resolve(null);
    }
    const version = this.offered;
    this.emit('update-available', { version });
    if (this.autoDownload) {
      this.emit('download-progress', { percent: 50 });
      this.downloadedVersion = version;
      this.emit('update-downloaded', { version });
    }
    return Promise.resolve({ updateInfo: { version } });
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    if (!this.downloadedVersion) throw new Error("No update filepath provided, can't quit and install");
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

const queue = (unregistered: number) => ({
  counts: { pending: unregistered, sending: 0, registered: 2, rejected: 0, unknown: 0, reconciling: 0, cancelled: 0, resolved: 0, 'cancel-pending': 0, 'cancel-sending': 0, 'cancel-unknown': 0 },
  unregistered,
  needsAttention: 0,
  worker: 'idle' as const,
});

let updater: AppUpdaterDouble;
let bus: InstanceType<typeof EventBus>;
let lines: string[];
let ticks: Array<() => void>;
let updates: Updates | null;

beforeEach(() => {
  double.resetElectronDouble();
  double.app.packaged = true;
  updater = new AppUpdaterDouble();
  bus = new EventBus();
  lines = [];
  ticks = [];
  updates = null;
});
afterEach(() => updates?.stop());

function start(mode: 'demo' | 'live' = 'live', env: NodeJS.ProcessEnv = {}, dayClosed = false): Updates {
  updates = startUpdater({
    updater: () => updater,
    app: double.app,
    bus,
    mode,
    env,
    log: createConsoleLogger((l) => lines.push(l)),
    dayClosed: () => dayClosed,
    every: (fn) => {
      ticks.push(fn);
      return () => void ticks.splice(ticks.indexOf(fn), 1);
    },
  });
  return updates;
}

/** The lifecycle's quit path: before-quit (runtime closes), then will-quit. */
function quit() {
  double.app.quit();
}

describe('the updater glue', () => {
  it('is off in demo mode: no check, no install, status says why', () => {
    updater.offered = '0.2.0';
    const u = start('demo');
    expect(updater.checks).toBe(0);
    expect(u.status()).toEqual({ state: 'disabled', reason: 'demo-mode' });
    quit();
    expect(updater.installs).toEqual([]);
    expect(lines.join('\n')).toContain('updates: off (demo-mode)');
  });

  it('is off in an unpackaged app and with LOKET_UPDATE_URL=off', () => {
    double.app.packaged = false;
    expect(start().status()).toEqual({ state: 'disabled', reason: 'not-packaged' });
    double.app.packaged = true;
    expect(start('live', { LOKET_UPDATE_URL: 'off' }).status()).toEqual({ state: 'disabled', reason: 'disabled-by-configuration' });
    expect(updater.checks).toBe(0);
  });

  it('checks at start and on every interval, downloads in the background, and owns the install decision', () => {
    const u = start('live', { LOKET_UPDATE_URL: 'https://updates.example.be/loket' });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.be/loket' });
    expect(updater.checks).toBe(1);
    expect(u.status()).toEqual({ state: 'idle' });
    updater.offered = '0.2.0';
    ticks.forEach((t) => t());
    expect(updater.checks).toBe(2);
    expect(u.status()).toEqual({ state: 'downloaded', version: '0.2.0' });
  });

  it('installs on quit when the queue is empty', () => {
    updater.offered = '0.2.0';
    start();
    bus.emit('queue', queue(0));
    quit();
    expect(updater.installs).toEqual([[true, false]]);
  });

  it('does not install while sales wait to be registered, or before the queue is known', () => {
    updater.offered = '0.2.0';
    start();
    quit();
    expect(updater.installs).toEqual([]);
    bus.emit('queue', queue(2));
    quit();
    expect(updater.installs).toEqual([]);
    expect(lines.join('\n')).toContain('not installing 0.2.0 now (queue-not-empty)');
  });

  it('installs after the day is closed even with a queue', () => {
    updater.offered = '0.2.0';
    start('live', {}, true);
    bus.emit('queue', queue(2));
    quit();
    expect(updater.installs).toEqual([[true, false]]);
  });

  it('a failed check is reported in the status and the log, and the app carries on', async () => {
    updater.failWith = new Error('getaddrinfo ENOTFOUND updates.example.be');
    const u = start();
    await Promise.resolve();
    expect(u.status()).toMatchObject({ state: 'error', reason: 'getaddrinfo ENOTFOUND updates.example.be' });
    quit();
    expect(updater.installs).toEqual([]);
  });

  it('stop() cancels the interval and the quit hook', () => {
    updater.offered = '0.2.0';
    const u = start();
    bus.emit('queue', queue(0));
    u.stop();
    expect(ticks).toEqual([]);
    quit();
    expect(updater.installs).toEqual([]);
  });
});

describe('readDayClosed (the lifecycle reads it before the runtime closes)', () => {
  it('is false with a sale after the last Z, true right after today’s Z, from the real runtime', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loket-dayclose-'));
    const rt = await createRuntime({ transport: 'electron', env: { LOKET_DATA_DIR: dir, LOKET_DEMO: '1' }, log: silentLogger });
    try {
      // One sale at the built-in simulator (demo mode), so there is something to close.
      const { cards, activities } = buildSeed(new Date()).roles;
      expect(await rt.dispatcher.dispatch('activities.list', { uitpasNumber: cards.kansenstatuut })).toMatchObject({ ok: true });
      expect(await rt.dispatcher.dispatch('sale.sell', { uitpasNumber: cards.kansenstatuut, cdbid: activities.priced })).toMatchObject({ ok: true, value: { outcome: 'registered' } });
      expect(await readDayClosed(rt.dispatcher)).toBe(false);
      expect(await rt.dispatcher.dispatch('report.z', { acceptUnregistered: false })).toMatchObject({ ok: true });
      expect(await readDayClosed(rt.dispatcher)).toBe(true);
      // The next calendar day the same Z no longer closes anything.
      expect(await readDayClosed(rt.dispatcher, new Date(Date.now() + 36 * 60 * 60 * 1000))).toBe(false);
    } finally {
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
