import type { Messages } from './nl.js';

export const en: Messages = {
  app: {
    name: 'Loket',
    loading: 'Starting Loket…',
  },
  demo: {
    banner: 'DEMO — training mode with a simulated UiTPAS: nothing is really registered.',
  },
  home: {
    version: 'Version',
    mode: 'Mode',
    transport: 'Connection',
    connectivity: 'UiTPAS',
    ping: 'Connection test',
    overrides: 'Set by environment variables',
  },
  mode: {
    demo: 'Demo',
    live: 'Live',
  },
  transport: {
    electron: 'Desktop app',
    web: 'Browser (web host)',
  },
  connectivity: {
    online: 'Online',
    offline: 'Offline',
    unknown: 'Not known yet',
  },
  ping: {
    waiting: 'Testing…',
    ok: 'OK — answered at {{at}}',
    failed: 'Failed',
  },
  errors: {
    noToken: 'This address lacks its access token. Open Loket with the full link shown when it started.',
    transportUnavailable:
      'No connection to Loket. The access token is wrong or expired, or Loket is no longer running. Reopen Loket with the link shown when it started.',
    generic: 'Something went wrong ({{code}}): {{message}}',
    settings: 'The settings file could not be used; Loket runs on default settings. The file itself was kept.',
  },
};
