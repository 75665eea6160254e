// @vitest-environment jsdom
/** The web host's access token leaves the address bar at once (issue 12, finding 6), in a real jsdom window. */
import { beforeEach, describe, expect, it } from 'vitest';
import { takePageToken } from '../../renderer/src/lib/bridge/index.js';

beforeEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('takePageToken', () => {
  it('reads the token, removes it from the address and the current history entry, keeps the rest', () => {
    window.history.replaceState(null, '', '/?lang=fr&token=abc_DEF-123#today');
    expect(takePageToken(window)).toBe('abc_DEF-123');
    expect(window.location.href).not.toContain('abc_DEF-123');
    expect(window.location.search).toBe('?lang=fr');
    expect(window.location.hash).toBe('#today');
    expect(window.history.length).toBe(1);
  });

  it('a reload of the cleaned address still finds the token in this tab only', () => {
    window.history.replaceState(null, '', '/?token=t0k3n');
    takePageToken(window);
    expect(window.location.search).toBe('');
    expect(takePageToken(window)).toBe('t0k3n');
  });

  it('a token in the address wins over the stored one; no token anywhere is undefined', () => {
    expect(takePageToken(window)).toBeUndefined();
    window.history.replaceState(null, '', '/?token=old');
    takePageToken(window);
    window.history.replaceState(null, '', '/?token=new');
    expect(takePageToken(window)).toBe('new');
    expect(takePageToken(window)).toBe('new');
  });
});
