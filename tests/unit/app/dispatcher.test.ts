import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import { createDispatcher, type Handlers } from '../../../main/runtime/dispatcher.js';
import { defaultSettings } from '../../../contract/settings.js';

// The dispatcher only needs the handlers a test calls; the rest of the contract is irrelevant here.
function handlers(): Handlers {
  const some: Pick<Handlers, 'app.info' | 'app.ping' | 'settings.get'> = {
    'app.info': () => ({ name: 'Loket', version: '0.0.0', mode: 'demo', transport: 'web', overrides: [] }),
    'app.ping': ({ text }) => ({ text, at: new Date(0).toISOString() }),
    'settings.get': () => {
      throw new AppError('SETTINGS_UNREADABLE', 'settings file is not JSON');
    },
  };
  return some as Handlers;
}

describe('dispatcher', () => {
  const d = createDispatcher(handlers());

  it('answers a valid call with its value', async () => {
    expect(await d.dispatch('app.ping', { text: 'hallo' })).toEqual({
      ok: true,
      value: { text: 'hallo', at: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('rejects an unknown call by name', async () => {
    const r = await d.dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('rejects names inherited from Object.prototype', async () => {
    expect(await d.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await d.dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('rejects invalid input with the offending path', async () => {
    const r = await d.dispatch('app.ping', { text: 42 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.details).toMatchObject({ issues: [{ path: ['text'] }] });
    }
  });

  it('rejects extra keys on strict inputs', async () => {
    expect(await d.dispatch('app.ping', { text: 'x', evil: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('passes an AppError through and hides other errors', async () => {
    expect(await d.dispatch('settings.get', undefined)).toMatchObject({ ok: false, error: { code: 'SETTINGS_UNREADABLE' } });
    const boom = createDispatcher({
      ...handlers(),
      'app.info': () => {
        throw new Error('secret path /home/x');
      },
    });
    const r = await boom.dispatch('app.info', undefined);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error in app.info' } });
  });

  it('an AppError quoting a server answer reaches the renderer without OAuth values or secrets', async () => {
    const quoting = createDispatcher({
      ...handlers(),
      'app.info': () => {
        throw new AppError(
          'AUTH_REFUSED',
          'UiTiD refused requestToken: oauth_problem=token_rejected&oauth_token=tok-77&b=GET%26oauth_token%253Dtok-78',
          {
            echo: ['{"tokenSecret":"ts-79"}'],
          },
        );
      },
    });
    const r = await quoting.dispatch('app.info', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH_REFUSED' } });
    for (const leaked of ['tok-77', 'tok-78', 'ts-79']) expect(JSON.stringify(r)).not.toContain(leaked);
    expect(JSON.stringify(r)).toContain('oauth_problem=token_rejected');
  });

  it('settings defaults are complete', () => {
    expect(defaultSettings()).toMatchObject({ language: 'nl', printer: { url: 'none', columns: 42 } });
  });
});
