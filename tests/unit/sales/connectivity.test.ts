import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../contract/domain.js';
import { ConnectivityMonitor, type ConnectivityPersistence } from '../../../main/sales/connectivity.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();

function monitor(loaded?: string) {
  const saves: string[] = [];
  const heard: Connectivity[] = [];
  const persistence: ConnectivityPersistence = { load: () => loaded, save: (v) => saves.push(v) };
  const m = new ConnectivityMonitor(persistence);
  m.onChange((c) => heard.push(c));
  return { m, saves, heard };
}

describe('ConnectivityMonitor', () => {
  it('starts unknown, with the last contact a previous run saved', () => {
    expect(monitor().m.value).toStrictEqual({ state: 'unknown' });
    expect(monitor(iso(0)).m.value).toStrictEqual({ state: 'unknown', lastContact: iso(0) });
    expect(new ConnectivityMonitor().value).toStrictEqual({ state: 'unknown' });
    const { m } = monitor();
    expect(m.isOffline).toBe(false);
    expect(m.isLimited).toBe(false);
  });

  it('goes online on an answer, tells listeners only on a change, and saves at most every 30 s', () => {
    const { m, saves, heard } = monitor();
    m.contact(at(0));
    expect(m.value).toStrictEqual({ state: 'online', lastContact: iso(0) });
    expect(heard).toStrictEqual([{ state: 'online', lastContact: iso(0) }]);
    expect(saves).toEqual([iso(0)]);
    m.contact(at(29_999));
    // lastContact moves on every answer, but nobody is told and nothing is written.
    expect(m.value.lastContact).toBe(iso(29_999));
    expect(heard).toHaveLength(1);
    expect(saves).toEqual([iso(0)]);
    m.contact(at(30_000));
    expect(saves).toEqual([iso(0), iso(30_000)]);
    expect(heard).toHaveLength(1);
    m.contact(at(59_999));
    expect(saves).toHaveLength(2);
    expect(m.isOffline).toBe(false);
    expect(m.isLimited).toBe(false);
  });

  it('goes offline only on a request that never left, keeping the last contact', () => {
    const { m, heard } = monitor();
    m.contact(at(0));
    for (const kind of ['rejected', 'unauthorized', 'ambiguous', 'bad-response', 'unexpected'] as const) {
      m.failure(kind, 'boom');
      expect(m.value.state, kind).toBe('online');
    }
    expect(heard).toHaveLength(1);
    m.failure('not-sent', 'ECONNREFUSED');
    expect(m.value).toStrictEqual({ state: 'offline', lastContact: iso(0), detail: 'ECONNREFUSED' });
    expect(m.isOffline).toBe(true);
    expect(m.isLimited).toBe(true);
    expect(heard).toHaveLength(2);
    // The same failure again says nothing new; another one does.
    m.failure('not-sent', 'ECONNREFUSED');
    expect(heard).toHaveLength(2);
    m.failure('not-sent', 'ENOTFOUND');
    expect(heard).toHaveLength(3);
    expect(heard[2]).toStrictEqual({ state: 'offline', lastContact: iso(0), detail: 'ENOTFOUND' });
    // Back: online again, and listeners hear it.
    m.contact(at(1_000));
    expect(m.value).toStrictEqual({ state: 'online', lastContact: iso(1_000) });
    expect(heard).toHaveLength(4);
  });

  it('is offline without a last contact when UiTPAS was never reached', () => {
    const { m } = monitor();
    m.failure('not-sent', 'no route');
    expect(m.value).toStrictEqual({ state: 'offline', detail: 'no route' });
  });

  it('shows a failing ticket-sale search as degraded (limited, not offline) until a search answers', () => {
    const { m, heard, saves } = monitor();
    m.contact(at(0));
    m.searchFailed(at(1_000), 'HTTP 500');
    expect(m.value).toStrictEqual({ state: 'degraded', lastContact: iso(1_000), detail: 'ticket-sale search fails: HTTP 500' });
    expect(m.isLimited).toBe(true);
    expect(m.isOffline).toBe(false);
    expect(heard).toHaveLength(2);
    // A state change is saved at once, whatever the interval.
    expect(saves).toEqual([iso(0), iso(1_000)]);
    // The same failure again changes nothing, not even the last contact.
    m.searchFailed(at(2_000), 'HTTP 500');
    expect(m.value.lastContact).toBe(iso(1_000));
    expect(heard).toHaveLength(2);
    // Other answers keep it degraded.
    m.contact(at(3_000));
    expect(m.value).toStrictEqual({ state: 'degraded', lastContact: iso(3_000), detail: 'ticket-sale search fails: HTTP 500' });
    expect(heard).toHaveLength(2);
    // Another reason is news.
    m.searchFailed(at(4_000), 'garbage');
    expect(m.value.detail).toBe('ticket-sale search fails: garbage');
    expect(heard).toHaveLength(3);
    m.searchOk(at(5_000));
    expect(m.value).toStrictEqual({ state: 'online', lastContact: iso(5_000) });
    expect(heard).toHaveLength(4);
  });

  it('treats a failing search after going offline as news, and a search answer as contact', () => {
    const { m, heard } = monitor();
    m.searchFailed(at(0), 'HTTP 502');
    expect(m.value.state).toBe('degraded');
    m.failure('not-sent', 'down');
    expect(m.value.state).toBe('offline');
    // Same search problem as before, but the link was offline meanwhile: degraded again.
    m.searchFailed(at(1_000), 'HTTP 502');
    expect(m.value).toStrictEqual({ state: 'degraded', lastContact: iso(1_000), detail: 'ticket-sale search fails: HTTP 502' });
    expect(heard.map((c) => c.state)).toEqual(['degraded', 'offline', 'degraded']);
  });

  it('counts a search answer as contact only when it changes something', () => {
    const { m, heard } = monitor();
    m.searchOk(at(0));
    expect(m.value).toStrictEqual({ state: 'online', lastContact: iso(0) });
    expect(heard).toHaveLength(1);
    m.searchOk(at(1_000));
    // Online and no search problem: nothing new, the last contact stays.
    expect(m.value.lastContact).toBe(iso(0));
    m.failure('not-sent', 'down');
    m.searchOk(at(2_000));
    expect(m.value).toStrictEqual({ state: 'online', lastContact: iso(2_000) });
    expect(heard.map((c) => c.state)).toEqual(['online', 'offline', 'online']);
  });

  it('stops telling a listener that unsubscribed', () => {
    const m = new ConnectivityMonitor();
    const heard: Connectivity[] = [];
    const off = m.onChange((c) => heard.push(c));
    m.contact(at(0));
    off();
    m.failure('not-sent', 'down');
    expect(heard).toHaveLength(1);
  });

  it('writes the latest contact at shutdown, and nothing when there was none', () => {
    const none = monitor();
    none.m.flush();
    expect(none.saves).toEqual([]);
    const { m, saves } = monitor();
    m.contact(at(0));
    m.contact(at(5_000));
    m.flush();
    expect(saves).toEqual([iso(0), iso(5_000)]);
    // Loaded from disk and never contacted: the loaded value is written back as is.
    const loaded = monitor(iso(-1));
    loaded.m.flush();
    expect(loaded.saves).toEqual([iso(-1)]);
  });
});
