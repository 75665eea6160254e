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

export const STARTUP_DIALOG_TITLE = 'Loket kan niet starten';

type Lang = 'nl' | 'fr' | 'en';
interface Words {
  what: string;
  todo: string;
}

const FILE: Record<Lang, string> = { nl: 'Bestand', fr: 'Fichier', en: 'File' };

const KEPT: Record<Lang, string> = {
  nl: 'Het bestand is bewaard zoals het was: Loket heeft het niet vervangen of hersteld en niets gewist.',
  fr: "Le fichier a été conservé tel quel : Loket ne l'a ni remplacé ni réparé, et n'a rien effacé.",
  en: 'The file was kept as it is: Loket did not replace or repair it and deleted nothing.',
};

const DO_NOT_DELETE: Record<Lang, string> = {
  nl: 'Verwijder het bestand niet: er kunnen verkopen in staan die nog niet bij UiTPAS geregistreerd zijn.',
  fr: "Ne supprimez pas le fichier : il peut contenir des ventes pas encore enregistrées auprès d'UiTPAS.",
  en: 'Do not delete the file: it may hold sales not yet registered with UiTPAS.',
};

function outboxWords(err: OutboxOpenError): Record<Lang, Words> {
  switch (err.kind) {
    case 'corrupt':
      return {
        nl: {
          what: 'De verkoopdatabank van Loket is beschadigd en kan niet gelezen worden.',
          todo: 'Wat nu: maak een kopie van het bestand en contacteer de support, of zet het bestand terug uit een back-up. Start Loket daarna opnieuw.',
        },
        fr: {
          what: 'La base de données des ventes de Loket est endommagée et ne peut pas être lue.',
          todo: 'Que faire : faites une copie du fichier et contactez le support, ou restaurez le fichier depuis une sauvegarde. Redémarrez ensuite Loket.',
        },
        en: {
          what: 'The Loket sales database is damaged and cannot be read.',
          todo: 'What to do: make a copy of the file and contact support, or restore the file from a backup. Then start Loket again.',
        },
      };
    case 'newer-version': {
      const v = err.schema;
      const nl = v ? ` (schemaversie ${v.found}; deze Loket kent tot versie ${v.supported})` : '';
      const fr = v ? ` (version de schéma ${v.found} ; ce Loket connaît jusqu'à la version ${v.supported})` : '';
      const en = v ? ` (schema version ${v.found}; this Loket knows up to version ${v.supported})` : '';
      return {
        nl: {
          what: `De verkoopdatabank werd geschreven door een nieuwere versie van Loket${nl}.`,
          todo: 'Wat nu: werk Loket bij naar de nieuwste versie (of installeer opnieuw de versie die dit bestand schreef) en start opnieuw. Lukt dat niet, contacteer dan de support.',
        },
        fr: {
          what: `La base de données des ventes a été écrite par une version plus récente de Loket${fr}.`,
          todo: "Que faire : mettez Loket à jour vers la dernière version (ou réinstallez la version qui a écrit ce fichier) et redémarrez. Si ce n'est pas possible, contactez le support.",
        },
        en: {
          what: `The sales database was written by a newer version of Loket${en}.`,
          todo: 'What to do: update Loket to the newest version (or reinstall the version that wrote this file) and start it again. If that is not possible, contact support.',
        },
      };
    }
    case 'unreadable':
      return {
        nl: {
          what: 'De verkoopdatabank van Loket kan niet geopend worden.',
          todo: 'Wat nu: controleer dat de gegevensmap bestaat en dat deze gebruiker er mag lezen en schrijven (LOKET_DATA_DIR), en start Loket opnieuw. Blijft het probleem, contacteer dan de support.',
        },
        fr: {
          what: 'La base de données des ventes de Loket ne peut pas être ouverte.',
          todo: 'Que faire : vérifiez que le dossier de données existe et que cet utilisateur peut y lire et écrire (LOKET_DATA_DIR), puis redémarrez Loket. Si le problème persiste, contactez le support.',
        },
        en: {
          what: 'The Loket sales database cannot be opened.',
          todo: 'What to do: check that the data folder exists and that this user may read and write it (LOKET_DATA_DIR), then start Loket again. If the problem stays, contact support.',
        },
      };
  }
}

function outboxBlock(words: Words, lang: Lang, file: string): string {
  return [words.what, `${FILE[lang]}: ${file}`, KEPT[lang], words.todo, DO_NOT_DELETE[lang]].join('\n');
}

function describeOutbox(err: OutboxOpenError): StartupProblem {
  const words = outboxWords(err);
  const block = (lang: Lang) => outboxBlock(words[lang], lang, err.file);
  return {
    kind: `outbox-${err.kind}`,
    exitCode: 3,
    text: `Loket cannot start.\n${block('en')}\nDetails: ${err.message}\n\n${block('nl')}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [block('nl'), block('fr'), block('en')].join('\n\n') },
  };
}

function describeConfig(err: ConfigError): StartupProblem {
  const list = err.problems.map((p) => `- ${p}`).join('\n');
  const nl = `De configuratie van Loket is ongeldig:\n${list}\nWat nu: verbeter deze instellingen (de omgevingsvariabelen LOKET_…) en start Loket opnieuw. Er is niets gewijzigd.`;
  const fr =
    "La configuration de Loket n'est pas valide (voir la liste ci-dessus). Que faire : corrigez ces réglages (variables d'environnement LOKET_…) et redémarrez Loket.";
  const en =
    'The Loket configuration is invalid (see the list above). What to do: correct these settings (LOKET_… environment variables) and start Loket again.';
  return {
    kind: 'config',
    exitCode: 2,
    text:
      `Loket cannot start: the configuration is invalid:\n${list}\n` +
      'What to do: correct these settings (the LOKET_* environment variables, see README "Configuration") and start Loket again. Nothing was changed.\n\n' +
      nl,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [nl, fr, en].join('\n\n') },
  };
}

function describeInUse(err: DataFolderInUseError): StartupProblem {
  const h = err.holder;
  const who: Record<Lang, string> = h
    ? {
        nl: `${h.kind}, proces ${h.pid} op ${h.hostname}, gestart ${h.startedAt}`,
        fr: `${h.kind}, processus ${h.pid} sur ${h.hostname}, démarré ${h.startedAt}`,
        en: `${h.kind}, process ${h.pid} on ${h.hostname}, started ${h.startedAt}`,
      }
    : { nl: 'een ander proces', fr: 'un autre processus', en: 'another process' };
  const nl = `Loket draait al op deze gegevensmap (${who.nl}).\nMap: ${err.folder}\nWat nu: gebruik het Loket dat al open is, of sluit het eerst. Twee Lokets op dezelfde verkopen zouden elkaars verkopen versturen.`;
  const fr = `Loket tourne déjà sur ce dossier de données (${who.fr}).\nDossier : ${err.folder}\nQue faire : utilisez le Loket déjà ouvert, ou fermez-le d'abord. Deux Loket sur les mêmes ventes enverraient les ventes l'un de l'autre.`;
  const en = `Loket is already running on this data folder (${who.en}).\nFolder: ${err.folder}\nWhat to do: use the Loket that is already open, or close it first. Two Lokets on the same sales would send each other's sales.`;
  return {
    kind: 'in-use',
    exitCode: 4,
    text: `Loket cannot start.\n${en}\n\n${nl}`,
    dialog: { title: STARTUP_DIALOG_TITLE, content: [nl, fr, en].join('\n\n') },
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
    dialog: { title: STARTUP_DIALOG_TITLE, content: `${message}\n\nLoket ne peut pas démarrer / Loket cannot start.` },
  };
}
