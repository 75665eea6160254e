import { describe, expect, it } from 'vitest';
import { describeStartupError } from '../../../main/runtime/startup-error.js';
import { ConfigError } from '../../../main/config/index.js';
import { OutboxOpenError } from '../../../main/sales/store/open-database.js';

const FILE = '/data/loket/outbox.sqlite';

describe('describeStartupError', () => {
  it('gives each outbox problem its own kind, exit code 3 and the file in every language', () => {
    for (const kind of ['corrupt', 'newer-version', 'unreadable'] as const) {
      const p = describeStartupError(new OutboxOpenError(kind, FILE, `technical ${kind}`));
      expect(p.kind).toBe(`outbox-${kind}`);
      expect(p.exitCode).toBe(3);
      expect(p.text).toContain(`Details: technical ${kind}`);
      for (const label of ['Bestand', 'Fichier', 'File']) expect(p.dialog.content).toContain(`${label}: ${FILE}`);
      // The technical message is for the log and the terminal, not the error box.
      expect(p.dialog.content).not.toContain('technical');
    }
  });

  it('says nothing about versions it does not know', () => {
    const p = describeStartupError(new OutboxOpenError('newer-version', FILE, 'newer'));
    expect(p.dialog.content).toContain('nieuwere versie van Loket.');
    expect(p.dialog.content).not.toMatch(/schemaversie/);
  });

  it('lists every configuration problem, exit code 2', () => {
    const p = describeStartupError(new ConfigError(['LOKET_DEMO must be 1, 0, true or false', 'LOKET_LANG must be nl, fr or en']));
    expect(p.kind).toBe('config');
    expect(p.exitCode).toBe(2);
    expect(p.text).toContain('- LOKET_DEMO must be 1, 0, true or false\n- LOKET_LANG must be nl, fr or en');
    expect(p.dialog.content).toContain('- LOKET_LANG must be nl, fr or en');
  });

  it('anything else keeps its own message, exit code 1', () => {
    const p = describeStartupError(new Error('The renderer is not built: run npm run build.'));
    expect(p).toMatchObject({ kind: 'other', exitCode: 1, dialog: { title: 'Loket kan niet starten' } });
    expect(p.dialog.content.startsWith('The renderer is not built: run npm run build.')).toBe(true);
    expect(describeStartupError('plain').text).toBe('Loket cannot start: plain');
  });
});
