/** Pure logic of the login, counter and settings screens. */
import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../contract/schemas/auth.js';
import { applySettingsChanges } from '../../contract/settings-form.js';
import { defaultSettings } from '../../contract/settings.js';
import { changesFrom, formFrom, parseNumber, problemsByField } from '../../renderer/src/features/settings/settings-form.js';
import { screenFor } from '../../renderer/src/features/account/auth-store.js';

const status = (state: AuthStatus['state']): AuthStatus => ({
  state,
  fromEnvironment: false,
  consumerConfigured: true,
  secretStorage: { kind: 'file', plainText: true },
});

describe('screenFor: where an auth state sends the employee', () => {
  it('logged out or waiting -> login; no counter -> counter choice; ready -> back to the sale', () => {
    expect(screenFor(status('logged-out'), 'sale')).toBe('login');
    expect(screenFor(status('waiting'), 'sale')).toBe('login');
    expect(screenFor(status('choose-counter'), 'login')).toBe('counters');
    expect(screenFor(status('ready'), 'login')).toBe('sale');
    expect(screenFor(status('ready'), 'counters')).toBe('sale');
    expect(screenFor(status('ready'), 'sale')).toBeUndefined();
  });
  it('settings and diagnostics stay put (an installation is set up before anyone can log in)', () => {
    expect(screenFor(status('logged-out'), 'settings')).toBeUndefined();
    expect(screenFor(status('choose-counter'), 'diagnostics')).toBeUndefined();
  });
});

describe('the settings form', () => {
  it('parses numbers, Flemish decimals included; empty or text is NaN (reported as "enter a number")', () => {
    expect(parseNumber(' 1,5 ')).toBe(1.5);
    expect(parseNumber('120')).toBe(120);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('12ms')).toBeNaN();
    expect(parseNumber('1e3')).toBeNaN();
  });

  it('round-trips unchanged settings to no problem and the same settings', () => {
    const s = defaultSettings();
    const r = applySettingsChanges(s, changesFrom(formFrom(s), new Set()));
    expect(r).toEqual({ ok: true, settings: s });
  });

  it('leaves out fields set by environment variables and sends the secret only when typed', () => {
    const values = { ...formFrom(defaultSettings()), printerUrl: 'tcp://10.0.0.9:9100', language: 'fr' };
    const changes = changesFrom(values, new Set(['printer.url', 'language']));
    expect(changes.printer?.url).toBeUndefined();
    expect(changes.language).toBeUndefined();
    expect('consumerSecret' in changes).toBe(false);
    expect(changesFrom({ ...values, consumerSecret: 's3cret' }, new Set()).consumerSecret).toBe('s3cret');
    // An emptied optional text clears it.
    expect(changesFrom({ ...values, consumerKey: '  ' }, new Set()).uitpas?.consumerKey).toBeNull();
  });

  it('maps problems by settings path onto form fields', () => {
    const byField = problemsByField([
      { field: 'scanner.wedgeMaxGapMs', problem: 'max', max: 200 },
      { field: 'consumerSecret', problem: 'spaces' },
      { field: 'privacy.purgeAfterDays', problem: 'min', min: 1 },
    ]);
    expect(Object.keys(byField).sort()).toEqual(['consumerSecret', 'wedgeMaxGapMs']);
    expect(byField.wedgeMaxGapMs).toMatchObject({ max: 200 });
  });
});
