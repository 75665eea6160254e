/**
 * What to tell a person when Loket cannot start, the same for both transports: the web host CLI
 * prints `text` on stderr and exits with `exitCode`; Electron shows `dialog` in an error box.
 * Pure: no I/O, so both texts are tested without starting anything.
 *
 * The two start-up failures that are not bugs get their own words: a sales database (outbox) that
 * is damaged, from a newer Loket or cannot be opened (the file is kept: it may hold sales UiTPAS
 * has not registered yet), and an invalid configuration (LOKET_* variables).
 */
import { DataFolderInUseError } from '../config/data-folder-lock.js';
import { ConfigError } from '../config/env-overrides.js';
import { OutboxOpenError, type OutboxOpenErrorKind } from '../sales/store/open-database.js';
import { textsFor } from '../i18n/index.js';

export type StartupProblemKind = `outbox-${OutboxOpenErrorKind}` | 'config' | 'in-use' | 'other';

export interface StartupProblem {
  kind: StartupProblemKind;
  /** Exit code of the web host CLI: 2 configuration, 3 sales database, 4 folder in use, 1 anything else. */
  exitCode: number;
  /** For a terminal and the log: English first (the CLI's language), then Dutch. */
  text: string;
  /** For the error box: Dutch first, then French and English. */
  dialog: { title: string; content: string };
}

export const STARTUP_DIALOG_TITLE = textsFor('nl').startup.title;

type Lang = 'nl' | 'fr' | 'en';
const startup = (lang: Lang) => textsFor(lang).startup;

function outboxWords(err: OutboxOpenError, lang: Lang): { what: string; todo: string } {
  const o = startup(lang).outbox;
  switch (err.kind) {
    case 'corrupt':
      return o.corrupt;
    case 'newer-version':
      return { what: o.newerVersion.what(err.schema), todo: o.newerVersion.todo };
    case 'unreadable':
      return o.unreadable;
  }
}

function outboxBlock(err: OutboxOpenError, lang: Lang): string {
  const t = startup(lang);
  const words = outboxWords(err, lang);
  return [words.what, `${t.file}: ${err.file}`, t.kept, words.todo, t.doNotDelete].join('\n');
}

function describeOutbox(err: OutboxOpenError): StartupProblem {
  const block = (lang: Lang) => outboxBlock(err, lang);
  return {
    kind: `outbox-${err.kind}`,
    exitCode: 3,
    text: `Loket cannot start.\n${block('en')}\nDetails: ${err.message}\n\n${block('nl')}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [block('nl'), block('fr'), block('en')].join('\n\n') },
  };
}

function describeConfig(err: ConfigError): StartupProblem {
  const list = err.problems.map((p) => `- ${p}`).join('\n');
  const nl = startup('nl').config.withList(list);
  return {
    kind: 'config',
    exitCode: 2,
    text: `Loket cannot start. ${startup('en').config.withList(list)}\n\n${nl}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [nl, startup('fr').config.seeList, startup('en').config.seeList].join('\n\n') },
  };
}

function describeInUse(err: DataFolderInUseError): StartupProblem {
  const say = (lang: Lang) => startup(lang).inUse(err.holder, err.folder);
  return {
    kind: 'in-use',
    exitCode: 4,
    text: `Loket cannot start.\n${say('en')}\n\n${say('nl')}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [say('nl'), say('fr'), say('en')].join('\n\n') },
  };
}

export function describeStartupError(err: unknown): StartupProblem {
  if (err instanceof DataFolderInUseError) return describeInUse(err);
  if (err instanceof OutboxOpenError) return describeOutbox(err);
  if (err instanceof ConfigError) return describeConfig(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = err instanceof Error && err.stack ? err.stack : message;
  return {
    kind: 'other',
    exitCode: 1,
    text: `Loket cannot start: ${detail}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: `${message}\n\n${startup('fr').title} / ${startup('en').title}.` },
  };
}
