import { describe, expect, it } from 'vitest';
import { installVerdict, isDayClosed, nextUpdateStatus, updaterVerdict, type UpdateStatus } from '../../../main/updates/update-policy.js';

describe('updaterVerdict', () => {
  it('is off in demo mode and in an unpackaged app', () => {
    expect(updaterVerdict({ mode: 'demo', packaged: true })).toEqual({ enabled: false, reason: 'demo-mode' });
    expect(updaterVerdict({ mode: 'live', packaged: false })).toEqual({ enabled: false, reason: 'not-packaged' });
  });

  it('uses the built-in feed unless LOKET_UPDATE_URL overrides it with https, or turns it off', () => {
    expect(updaterVerdict({ mode: 'live', packaged: true })).toEqual({ enabled: true });
    expect(updaterVerdict({ mode: 'live', packaged: true, feedUrlOverride: ' ' })).toEqual({ enabled: true });
    expect(updaterVerdict({ mode: 'live', packaged: true, feedUrlOverride: 'https://updates.example.be/loket/' })).toEqual({
      enabled: true,
      feedUrl: 'https://updates.example.be/loket/',
    });
    expect(updaterVerdict({ mode: 'live', packaged: true, feedUrlOverride: 'OFF' })).toEqual({
      enabled: false,
      reason: 'disabled-by-configuration',
    });
  });

  it.each(['http://updates.example.be/', 'file:///tmp/feed', 'not a url', 'https://user:pw@updates.example.be/'])(
    'refuses the feed %s',
    (url) => {
      expect(updaterVerdict({ mode: 'live', packaged: true, feedUrlOverride: url })).toMatchObject({
        enabled: false,
        reason: 'bad-feed-url',
      });
    },
  );
});

describe('installVerdict', () => {
  it('installs a downloaded update only with an empty queue or after the day is closed', () => {
    expect(installVerdict({ downloaded: true, unregistered: 0, dayClosed: false })).toEqual({ install: true, reason: 'queue-empty' });
    expect(installVerdict({ downloaded: true, unregistered: 3, dayClosed: true })).toEqual({ install: true, reason: 'day-closed' });
    expect(installVerdict({ downloaded: true, unregistered: 1, dayClosed: false })).toEqual({ install: false, reason: 'queue-not-empty' });
    expect(installVerdict({ downloaded: true, unregistered: undefined, dayClosed: false })).toEqual({
      install: false,
      reason: 'queue-unknown',
    });
    expect(installVerdict({ downloaded: false, unregistered: 0, dayClosed: true })).toEqual({
      install: false,
      reason: 'nothing-downloaded',
    });
  });
});

describe('nextUpdateStatus', () => {
  it('follows check, download progress and completion', () => {
    let s: UpdateStatus = { state: 'idle' };
    s = nextUpdateStatus(s, { type: 'checking' });
    expect(s).toEqual({ state: 'checking' });
    s = nextUpdateStatus(s, { type: 'available', version: '0.2.0' });
    expect(s).toEqual({ state: 'downloading', version: '0.2.0', percent: 0 });
    s = nextUpdateStatus(s, { type: 'progress', percent: 41.6 });
    expect(s).toEqual({ state: 'downloading', version: '0.2.0', percent: 42 });
    s = nextUpdateStatus(s, { type: 'downloaded', version: '0.2.0' });
    expect(s).toEqual({ state: 'downloaded', version: '0.2.0' });
  });

  it('a downloaded update stays downloaded through later checks and errors; disabled stays disabled', () => {
    const downloaded: UpdateStatus = { state: 'downloaded', version: '0.2.0' };
    expect(nextUpdateStatus(downloaded, { type: 'checking' })).toBe(downloaded);
    expect(nextUpdateStatus(downloaded, { type: 'error', message: 'net' })).toBe(downloaded);
    const off: UpdateStatus = { state: 'disabled', reason: 'demo-mode' };
    expect(nextUpdateStatus(off, { type: 'checking' })).toBe(off);
  });

  it('an error is kept short', () => {
    expect(nextUpdateStatus({ state: 'checking' }, { type: 'error', message: 'x'.repeat(1000) }).reason).toHaveLength(300);
  });
});

describe('isDayClosed', () => {
  const evening = new Date(2026, 10, 27, 22, 0, 0);
  const z = (d: Date) => ({ madeAt: d.toISOString() });

  it('is closed when today’s Z was made and nothing was sold since', () => {
    expect(isDayClosed(z(new Date(2026, 10, 27, 21, 30)), 0, evening)).toBe(true);
  });

  it('is open with sales after the Z, with yesterday’s Z, with no Z, or with a broken date', () => {
    expect(isDayClosed(z(new Date(2026, 10, 27, 9, 0)), 3, evening)).toBe(false);
    expect(isDayClosed(z(new Date(2026, 10, 26, 21, 30)), 0, evening)).toBe(false);
    expect(isDayClosed(undefined, 0, evening)).toBe(false);
    expect(isDayClosed({ madeAt: 'gisteren' }, 0, evening)).toBe(false);
  });
});
