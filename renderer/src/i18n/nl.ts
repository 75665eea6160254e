/** Dutch: the default language and the reference for the key structure of fr and en. */
export const nl = {
  app: {
    name: 'Loket',
    loading: 'Loket wordt gestart…',
  },
  demo: {
    banner: 'DEMO — oefenmodus met een gesimuleerde UiTPAS: er wordt niets echt geregistreerd.',
  },
  home: {
    version: 'Versie',
    mode: 'Modus',
    transport: 'Verbinding',
    connectivity: 'UiTPAS',
    ping: 'Verbindingstest',
    overrides: 'Vastgelegd via omgevingsvariabelen',
  },
  mode: {
    demo: 'Demo',
    live: 'Live',
  },
  transport: {
    electron: 'Desktopapp',
    web: 'Browser (webhost)',
  },
  connectivity: {
    online: 'Online',
    offline: 'Offline',
    unknown: 'Nog onbekend',
  },
  ping: {
    waiting: 'Bezig…',
    ok: 'OK — antwoord van {{at}}',
    failed: 'Mislukt',
  },
  errors: {
    noToken: 'Dit adres mist de toegangscode. Open Loket via de volledige link die bij het starten getoond werd.',
    transportUnavailable:
      'Geen verbinding met Loket. De toegangscode is ongeldig of verlopen, of Loket draait niet meer. Open Loket opnieuw via de link die bij het starten getoond werd.',
    generic: 'Er ging iets mis ({{code}}): {{message}}',
    settings: 'Het instellingenbestand kon niet gebruikt worden; Loket werkt met de standaardinstellingen. Het bestand zelf is bewaard.',
  },
} as const;

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
/** Every language must have exactly these keys (a missing or extra key fails the type check). */
export type Messages = Shape<typeof nl>;
