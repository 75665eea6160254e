/**
 * electron-updater glue, following main/updates/update-policy.ts: look for updates at startup and every
 * few hours, download in the background, and install only when Loket quits with an empty queue (or
 * after the day is closed). electron-updater's own install-on-quit is switched off so that decision
 * is ours. Off in demo mode and in unpackaged runs.
 */
import electronUpdater from 'electron-updater';
import type { Dispatcher } from '../runtime/dispatcher.js';
import type { EventBus } from '../core/event-bus.js';
import type { Logger } from '../core/log.js';
import {
  installVerdict,
  isDayClosed,
  nextUpdateStatus,
  UPDATE_CHECK_INTERVAL_MS,
  updaterVerdict,
  type UpdaterEvent,
  type UpdateStatus,
} from '../updates/update-policy.js';
import { UPDATE_PUBLIC_KEYS } from '../updates/update-key.js';
import { channelFileFor, fetchFeedBytes, verifyDownloadedUpdate, type FetchText } from '../updates/update-signature.js';

/** The part of electron-updater's AppUpdater this glue uses (autoUpdater satisfies it). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  /** The feed in use (the override, or the one app-update.yml names). */
  getFeedURL(): string | null | undefined;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string; downloadedFile: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of Electron's app the glue uses. */
export interface UpdaterApp {
  readonly isPackaged: boolean;
  on(event: 'will-quit', listener: () => void): unknown;
}

export interface UpdaterOptions {
  /** Called only when updates are on: creating electron-updater's updater reads the packaged app. */
  updater: () => UpdaterLike;
  app: UpdaterApp;
  bus: EventBus;
  mode: 'demo' | 'live';
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Whether the operator closed the day (readDayClosed, refreshed by the lifecycle before quitting). */
  dayClosed?: () => boolean;
  /** Release public keys (default: the ones shipped, main/updates/update-key.ts). */
  publicKeys?: readonly string[];
  /** How the signed metadata is fetched (default: fetch, no redirects). */
  fetchBytes?: FetchText;
  /** Metadata file name (default: electron-updater's for this platform). */
  channelFile?: string;
  /** Repeats `fn` every `ms`; returns a cancel function (tests drive it by hand). */
  every?: (fn: () => void, ms: number) => () => void;
}

export interface Updates {
  status(): UpdateStatus;
  /** Settles when the signature check of the latest download is done (tests, diagnostics). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Asks the runtime whether the day is closed (today's Z made, nothing sold since). Any refusal
 * (no counter chosen, not logged in) means "not closed": then only an empty queue allows installing.
 */
export async function readDayClosed(dispatcher: Dispatcher, now: Date = new Date()): Promise<boolean> {
  const list = await dispatcher.dispatch('report.list', { limit: 1 });
  const interim = await dispatcher.dispatch('report.x', undefined);
  if (!list.ok || !interim.ok) return false;
  const latest = (list.value as { items: Array<{ madeAt: string }> }).items[0];
  const salesSince = (interim.value as { counts: { made: number } }).counts.made;
  return isDayClosed(latest, salesSince, now);
}

/** electron-updater's singleton, created on first use (it reads app-update.yml from resources). */
export function defaultAppUpdater(): UpdaterLike {
  return electronUpdater.autoUpdater;
}

const realEvery = (fn: () => void, ms: number) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export function startUpdater(opts: UpdaterOptions): Updates {
  const verdict = updaterVerdict({ mode: opts.mode, packaged: opts.app.isPackaged, feedUrlOverride: opts.env.LOKET_UPDATE_URL });
  if (!verdict.enabled) {
    opts.log.info(`updates: off (${verdict.reason}${verdict.detail ? `: ${verdict.detail}` : ''})`);
    const status: UpdateStatus = { state: 'disabled', reason: verdict.reason };
    return { status: () => status, settled: () => Promise.resolve(), stop: () => {} };
  }

  const { log } = opts;
  const updater = opts.updater();
  let stopped = false;
  let checking: Promise<void> = Promise.resolve();
  let status: UpdateStatus = { state: 'idle' };
  let unregistered: number | undefined;
  const apply = (event: UpdaterEvent) => {
    status = nextUpdateStatus(status, event);
  };

  updater.logger = {
    info: (m) => log.info(`updates: ${String(m)}`),
    warn: (m) => log.warn(`updates: ${String(m)}`),
    error: (m) => log.error(`updates: ${String(m)}`),
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false; // mutation-check: update-own-install
  if (verdict.feedUrl) updater.setFeedURL({ provider: 'generic', url: verdict.feedUrl });

  updater.on('checking-for-update', () => apply({ type: 'checking' }));
  updater.on('update-not-available', () => apply({ type: 'not-available' }));
  updater.on('update-available', (info) => apply({ type: 'available', version: info.version }));
  updater.on('download-progress', (p) => apply({ type: 'progress', percent: p.percent }));
  // The version whose signed metadata matched the downloaded bytes: the only one that may install.
  let verified: string | undefined;
  updater.on('update-downloaded', (info) => {
    verified = undefined;
    const feedUrl = updater.getFeedURL() ?? verdict.feedUrl;
    const check = feedUrl
      ? verifyDownloadedUpdate({
          feedUrl,
          channelFile: opts.channelFile ?? channelFileFor(process.platform, process.arch),
          version: info.version,
          downloadedFile: info.downloadedFile,
          publicKeys: opts.publicKeys ?? UPDATE_PUBLIC_KEYS,
          fetchBytes: opts.fetchBytes ?? fetchFeedBytes,
        })
      : Promise.resolve({ ok: false as const, reason: 'no feed URL' });
    checking = check.then((result) => {
      if (stopped) return;
      // mutation-check: update-signature
      if (result.ok) {
        verified = info.version;
        apply({ type: 'downloaded', version: info.version });
        log.info(`updates: ${info.version} downloaded and its signature checked; it installs when Loket closes with no sales waiting`);
      } else {
        apply({ type: 'error', message: `update ${info.version} refused: ${result.reason}` });
        log.warn(`updates: ${info.version} refused, it will not be installed (${result.reason})`);
      }
    });
  });
  updater.on('error', (err) => {
    apply({ type: 'error', message: err.message });
    log.warn('updates: check or download failed', { err });
  });

  const detachBus = opts.bus.attach((name, payload) => {
    if (name === 'queue') unregistered = (payload as { unregistered: number }).unregistered;
  });

  const check = () => {
    updater.checkForUpdates().catch((err: unknown) => {
      apply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      log.warn('updates: check failed', { err });
    });
  };
  check();
  const cancel = (opts.every ?? realEvery)(check, UPDATE_CHECK_INTERVAL_MS);

  // Runs once the runtime has closed (lifecycle's before-quit waits for that): the outbox is at rest.
  opts.app.on('will-quit', () => {
    if (stopped) return;
    const downloaded = status.state === 'downloaded' && verified !== undefined && verified === status.version;
    const decision = installVerdict({ downloaded, unregistered, dayClosed: opts.dayClosed?.() ?? false });
    if (decision.install) {
      log.info(`updates: installing ${status.version ?? ''} (${decision.reason})`);
      updater.quitAndInstall(true, false);
    } else if (decision.reason !== 'nothing-downloaded') {
      log.info(`updates: not installing ${status.version ?? ''} now (${decision.reason}); next time Loket closes`);
    }
  });

  return {
    status: () => status,
    settled: () => checking,
    stop: () => {
      stopped = true;
      cancel();
      detachBus();
    },
  };
}
