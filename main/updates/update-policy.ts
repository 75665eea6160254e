/**
 * When Loket may look for, download and install an update (pure; main/electron/updater.ts is the
 * electron-updater glue that follows it). A counter PC must never restart into a new version while
 * sales wait to be registered: an update downloads in the background, but installs only when the
 * app quits with an empty queue or after the day is closed. Demo mode never updates (training
 * machines and development checkouts are not update targets).
 */
export type UpdaterVerdict =
  | { enabled: true; feedUrl?: string }
  | { enabled: false; reason: 'demo-mode' | 'not-packaged' | 'disabled-by-configuration' | 'bad-feed-url'; detail?: string };

export interface UpdaterFacts {
  mode: 'demo' | 'live';
  /** app.isPackaged: an unpackaged Electron (npm start) has nothing to update. */
  packaged: boolean;
  /** LOKET_UPDATE_URL: overrides the feed baked into the build; "off" disables updates. */
  feedUrlOverride?: string | undefined;
}

export function updaterVerdict(facts: UpdaterFacts): UpdaterVerdict {
  if (facts.mode === 'demo') return { enabled: false, reason: 'demo-mode' }; // mutation-check: update-demo
  if (!facts.packaged) return { enabled: false, reason: 'not-packaged' };
  const override = facts.feedUrlOverride?.trim();
  if (!override) return { enabled: true };
  if (override.toLowerCase() === 'off') return { enabled: false, reason: 'disabled-by-configuration' };
  // Updates are code: only over https (integrity and authenticity of the feed).
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    return { enabled: false, reason: 'bad-feed-url', detail: 'LOKET_UPDATE_URL is not a URL' };
  }
  if (url.protocol !== 'https:') return { enabled: false, reason: 'bad-feed-url', detail: 'LOKET_UPDATE_URL must use https' };
  if (url.username || url.password)
    return { enabled: false, reason: 'bad-feed-url', detail: 'LOKET_UPDATE_URL must not carry credentials' };
  return { enabled: true, feedUrl: url.toString() };
}

export interface InstallFacts {
  /** An update finished downloading and waits to be installed. */
  downloaded: boolean;
  /** Sales not yet registered at UiTPAS (pending, sending, unknown, reconciling); undefined: not known. */
  unregistered: number | undefined;
  /** The operator closed the day (end-of-day report done). */
  dayClosed: boolean;
}

export type InstallVerdict =
  | { install: true; reason: 'queue-empty' | 'day-closed' }
  | { install: false; reason: 'nothing-downloaded' | 'queue-not-empty' | 'queue-unknown' };

export function installVerdict(facts: InstallFacts): InstallVerdict {
  if (!facts.downloaded) return { install: false, reason: 'nothing-downloaded' };
  if (facts.dayClosed) return { install: true, reason: 'day-closed' };
  // Without a queue status the outbox may hold anything: wait for the next quit.
  if (facts.unregistered === undefined) return { install: false, reason: 'queue-unknown' };
  if (facts.unregistered > 0) return { install: false, reason: 'queue-not-empty' }; // mutation-check: update-queue
  return { install: true, reason: 'queue-empty' };
}

/**
 * The day counts as closed when today's Z report has been made and nothing was sold after it
 * (a Z in the morning followed by sales does not close the day). Local calendar days: the counter's.
 */
export function isDayClosed(latestZ: { madeAt: string } | undefined, salesSinceZ: number, now: Date): boolean {
  if (!latestZ || salesSinceZ > 0) return false;
  const made = new Date(latestZ.madeAt);
  if (Number.isNaN(made.getTime())) return false;
  return made.getFullYear() === now.getFullYear() && made.getMonth() === now.getMonth() && made.getDate() === now.getDate();
}

/** How often a running Loket looks for an update after the check at startup. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** What the diagnostics call shows about updates. */
export type UpdateState = 'disabled' | 'idle' | 'checking' | 'downloading' | 'downloaded' | 'error';

export interface UpdateStatus {
  state: UpdateState;
  /** Why updates are disabled, or the last error. */
  reason?: string;
  /** The version being downloaded or waiting to be installed. */
  version?: string;
  percent?: number;
}

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** Pure: the status after an updater event. A downloaded update stays downloaded through later checks. */
export function nextUpdateStatus(status: UpdateStatus, event: UpdaterEvent): UpdateStatus {
  if (status.state === 'disabled') return status;
  if (status.state === 'downloaded' && event.type !== 'downloaded') return status;
  switch (event.type) {
    case 'checking':
      return { state: 'checking' };
    case 'available':
      return { state: 'downloading', version: event.version, percent: 0 };
    case 'not-available':
      return { state: 'idle' };
    case 'progress':
      return { ...status, state: 'downloading', percent: Math.max(0, Math.min(100, Math.round(event.percent))) };
    case 'downloaded':
      return { state: 'downloaded', version: event.version };
    case 'error':
      return { state: 'error', reason: event.message.slice(0, 300) };
  }
}
