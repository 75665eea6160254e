import type { Messages } from './nl.js';

export const fr: Messages = {
  app: {
    name: 'Loket',
    loading: 'Démarrage de Loket…',
  },
  demo: {
    banner: "DÉMO — mode d'entraînement avec un UiTPAS simulé : rien n'est réellement enregistré.",
  },
  home: {
    version: 'Version',
    mode: 'Mode',
    transport: 'Connexion',
    connectivity: 'UiTPAS',
    ping: 'Test de connexion',
    overrides: "Fixé par des variables d'environnement",
  },
  mode: {
    demo: 'Démo',
    live: 'Réel',
  },
  transport: {
    electron: 'Application de bureau',
    web: 'Navigateur (hôte web)',
  },
  connectivity: {
    online: 'En ligne',
    offline: 'Hors ligne',
    unknown: 'Encore inconnu',
  },
  ping: {
    waiting: 'En cours…',
    ok: 'OK — réponse de {{at}}',
    failed: 'Échec',
  },
  errors: {
    noToken: "Cette adresse n'a pas de code d'accès. Ouvrez Loket avec le lien complet affiché au démarrage.",
    transportUnavailable:
      "Pas de connexion avec Loket. Le code d'accès est invalide ou expiré, ou Loket ne tourne plus. Rouvrez Loket avec le lien affiché au démarrage.",
    generic: 'Une erreur est survenue ({{code}}) : {{message}}',
    settings: 'Le fichier de paramètres est inutilisable ; Loket utilise les paramètres par défaut. Le fichier a été conservé.',
  },
};
