import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { EventBus } = await import('../../main/core/event-bus.js');
const { createConsoleLogger } = await import('../../main/core/log.js');
const { readDayClosed, startUpdater } = await import('../../main/electron/updater.js');
const { fetchFeedBytes } = await import('../../main/updates/update-signature.js');
const { createRuntime } = await import('../../main/runtime/runtime.js');
const { silentLogger } = await import('../../main/core/log.js');
const { buildSeed } = await import('../../main/tools/simulator/seed.js');
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
  /** The feed app-update.yml names (electron-updater's getFeedURL when setFeedURL was not called). */
  builtInFeed = '';
  /** Where downloads land (electron-updater's pending folder). */
  downloadDir = '';
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  /** What the server offers next. */
  offered: string | null = null;
  failWith: Error | null = null;
  private downloadedVersion: string | null = null;

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }
  getFeedURL(): string | null | undefined {
    return (this.feed as { url?: string } | null)?.url ?? this.builtInFeed;
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
      const downloadedFile = path.join(this.downloadDir, `Loket-${version}.AppImage`);
      writeFileSync(downloadedFile, installerBytes(version));
      this.emit('update-downloaded', { version, downloadedFile });
    }
    return Promise.resolve({ updateInfo: { version } });
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    if (!this.downloadedVersion) throw new Error("No update filepath provided, can't quit and install");
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

/** What "the release" of `version` contains; the downloaded file holds exactly these bytes. */
const installerBytes = (version: string) => Buffer.from(`Loket ${version} AppImage bytes`);

/** The release key of these tests (the shipped one has no private half anywhere). */
const releaseKey = generateKeyPairSync('ed25519');
const RELEASE_PUBLIC = releaseKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/**
 * A real update feed on 127.0.0.1 serving latest-linux.yml as electron-builder writes it, and its
 * detached signature as scripts/update-signing.mjs writes it, for the version the updater offers.
 */
class FeedServer {
  server!: Server;
  url = '';
  /** Sign with another key, change the metadata after signing, drop the signature, lie about hashes. */
  signWith: KeyObject = releaseKey.privateKey;
  tamper: 'none' | 'after-signing' | 'no-signature' | 'other-bytes' | 'other-version' = 'none';
  requests: string[] = [];
  constructor(private readonly version: () => string | null) {}

  metadata(): string {
    const v = this.version() ?? '0.1.0';
    const bytes = this.tamper === 'other-bytes' ? Buffer.from('evil AppImage') : installerBytes(v);
    const sha512 = createHash('sha512').update(bytes).digest('base64');
    const shown = this.tamper === 'other-version' ? '0.1.9' : v;
    return `version: ${shown}\nfiles:\n  - url: Loket-${shown}.AppImage\n    sha512: ${sha512}\n    size: ${bytes.length}\npath: Loket-${shown}.AppImage\nsha512: ${sha512}\nreleaseDate: '2026-12-01T10:00:00.000Z'\n`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const signed = Buffer.from(this.metadata());
      const sig = sign(null, signed, this.signWith).toString('base64');
      const served =
        this.tamper === 'after-signing'
          ? Buffer.from(this.metadata().replace(/sha512: .*/g, `sha512: ${createHash('sha512').update('evil').digest('base64')}`))
          : signed;
      if (req.url === '/feed/latest-linux.yml') return void res.end(served);
      if (req.url === '/feed/latest-linux.yml.sig' && this.tamper !== 'no-signature') return void res.end(`${sig}\n`);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed/`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const queue = (unregistered: number) => ({
  counts: {
    pending: unregistered,
    sending: 0,
    registered: 2,
    rejected: 0,
    unknown: 0,
    reconciling: 0,
    cancelled: 0,
    resolved: 0,
    'cancel-pending': 0,
    'cancel-sending': 0,
    'cancel-unknown': 0,
  },
  unregistered,
  needsAttention: 0,
  worker: 'idle' as const,
});

let updater: AppUpdaterDouble;
let feed: FeedServer;
let downloads: string;
let bus: InstanceType<typeof EventBus>;
let lines: string[];
let ticks: Array<() => void>;
let updates: Updates | null;

beforeEach(() => {
  double.resetElectronDouble();
  double.app.packaged = true;
  updater = new AppUpdaterDouble();
  downloads = mkdtempSync(path.join(tmpdir(), 'loket-updates-'));
  updater.downloadDir = downloads;
  bus = new EventBus();
  lines = [];
  ticks = [];
  updates = null;
});
beforeEach(async () => {
  feed = new FeedServer(() => updater.offered);
  await feed.start();
  updater.builtInFeed = feed.url;
});
afterEach(async () => {
  updates?.stop();
  await feed.close();
  rmSync(downloads, { recursive: true, force: true });
});

function start(mode: 'demo' | 'live' = 'live', env: NodeJS.ProcessEnv = {}, dayClosed = false): Updates {
  updates = startUpdater({
    updater: () => updater,
    app: double.app,
    bus,
    mode,
    env,
    log: createConsoleLogger((l) => lines.push(l)),
    dayClosed: () => dayClosed,
    publicKeys: [RELEASE_PUBLIC],
    channelFile: 'latest-linux.yml',
    // An overridden https feed is served by the loopback feed (the test's stand-in for DNS).
    fetchBytes: (url) => fetchFeedBytes(url.replace('https://updates.example.be/loket/', feed.url)),
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

  it('checks at start and on every interval, downloads in the background, and owns the install decision', async () => {
    const u = start('live', { LOKET_UPDATE_URL: 'https://updates.example.be/loket' });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.be/loket' });
    expect(updater.checks).toBe(1);
    expect(u.status()).toEqual({ state: 'idle' });
    updater.offered = '0.2.0';
    ticks.forEach((t) => t());
    expect(updater.checks).toBe(2);
    await u.settled();
    expect(u.status()).toEqual({ state: 'downloaded', version: '0.2.0' });
  });

  it('installs on quit when the queue is empty', async () => {
    updater.offered = '0.2.0';
    await start().settled();
    bus.emit('queue', queue(0));
    quit();
    expect(updater.installs).toEqual([[true, false]]);
  });

  it('does not install while sales wait to be registered, or before the queue is known', async () => {
    updater.offered = '0.2.0';
    await start().settled();
    quit();
    expect(updater.installs).toEqual([]);
    bus.emit('queue', queue(2));
    quit();
    expect(updater.installs).toEqual([]);
    expect(lines.join('\n')).toContain('not installing 0.2.0 now (queue-not-empty)');
  });

  it('installs after the day is closed even with a queue', async () => {
    updater.offered = '0.2.0';
    await start('live', {}, true).settled();
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

  it('stop() cancels the interval and the quit hook', async () => {
    updater.offered = '0.2.0';
    const u = start();
    await u.settled();
    bus.emit('queue', queue(0));
    u.stop();
    expect(ticks).toEqual([]);
    quit();
    expect(updater.installs).toEqual([]);
  });
});

describe('update signatures (issue 12, finding 8)', () => {
  it('checks the signed metadata of the built-in feed and the downloaded bytes before it may install', async () => {
    updater.offered = '0.2.0';
    const u = start();
    await u.settled();
    expect(u.status()).toEqual({ state: 'downloaded', version: '0.2.0' });
    expect(feed.requests).toEqual(['/feed/latest-linux.yml', '/feed/latest-linux.yml.sig']);
    expect(lines.join('\n')).toContain('0.2.0 downloaded and its signature checked');
  });

  it.each([
    ['signed with another key', () => (feed.signWith = generateKeyPairSync('ed25519').privateKey), /not signed with the release key/],
    ['changed after signing', () => (feed.tamper = 'after-signing'), /not signed with the release key/],
    ['without a signature', () => (feed.tamper = 'no-signature'), /metadata or signature not available/],
    ['signed, but for other bytes than were downloaded', () => (feed.tamper = 'other-bytes'), /does not match the signed metadata/],
    ['signed, but for another version', () => (feed.tamper = 'other-version'), /signed metadata is for 0\.1\.9, not 0\.2\.0/],
  ])('never installs an update whose metadata is %s', async (_label, arrange, reason) => {
    arrange();
    updater.offered = '0.2.0';
    const u = start('live', {}, true);
    bus.emit('queue', queue(0));
    await u.settled();
    expect(u.status()).toMatchObject({ state: 'error', reason: expect.stringMatching(reason) as unknown });
    quit();
    expect(updater.installs).toEqual([]);
    expect(lines.join('\n')).toMatch(/0\.2\.0 refused, it will not be installed/);
  });

  it('the shipped key list is not empty and holds Ed25519 public keys only (no private key in the app)', async () => {
    const { UPDATE_PUBLIC_KEYS } = await import('../../main/updates/update-key.js');
    const { createPublicKey } = await import('node:crypto');
    expect(UPDATE_PUBLIC_KEYS.length).toBeGreaterThan(0);
    for (const pem of UPDATE_PUBLIC_KEYS) {
      expect(pem).not.toMatch(/PRIVATE/);
      expect(createPublicKey(pem).asymmetricKeyType).toBe('ed25519');
    }
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
      expect(await rt.dispatcher.dispatch('sale.sell', { uitpasNumber: cards.kansenstatuut, cdbid: activities.priced })).toMatchObject({
        ok: true,
        value: { outcome: 'registered' },
      });
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
