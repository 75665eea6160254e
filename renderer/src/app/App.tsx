/**
 * Layout shared by every screen: DEMO and offline banners, the top bar, then the screen chosen
 * in the app store. Login, counter choice and settings plug into the switch below.
 */
import { useTranslation } from 'react-i18next';
import { DemoBanner } from './shell/DemoBanner.js';
import { FailureMessage } from '../lib/ui/FailureMessage.js';
import { Header } from './shell/Header.js';
import { HelpOverlay } from './shell/HelpOverlay.js';
import { OfflineBanner } from './shell/OfflineBanner.js';
import { AuthGate } from '../features/account/AuthGate.js';
import { CounterChoiceScreen } from '../features/account/CounterChoiceScreen.js';
import { DayCloseScreen } from '../features/day-close/DayCloseScreen.js';
import { DiagnosticsScreen } from '../features/diagnostics/DiagnosticsScreen.js';
import { LoginScreen } from '../features/account/LoginScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { SaleScreen } from '../features/sale/SaleScreen.js';
import { useAppStore, type Screen } from './app-store.js';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'sale':
      return (
        <AuthGate>
          <SaleScreen />
        </AuthGate>
      );
    case 'login':
      return <LoginScreen />;
    case 'counters':
      return <CounterChoiceScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'diagnostics':
      return <DiagnosticsScreen />;
    case 'dayClose':
      return (
        <AuthGate>
          <DayCloseScreen />
        </AuthGate>
      );
    default:
      return <DiagnosticsScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  const fatal = useAppStore((s) => s.fatal);
  const ready = useAppStore((s) => s.info !== undefined);
  const screen = useAppStore((s) => s.screen);
  const settingsError = useAppStore((s) => s.info?.settingsError);
  return (
    <>
      <DemoBanner />
      <OfflineBanner />
      {ready && !fatal && <Header />}
      <main className={`app app-${screen}`}>
        {fatal ? (
          <p className="error" role="alert" data-testid="connection-error" data-code={fatal.code}>
            <FailureMessage failure={fatal} />
          </p>
        ) : ready ? (
          <>
            {settingsError !== undefined && (
              <p className="warning" role="alert" data-testid="settings-error" title={settingsError}>
                {t('errors.settings')}
              </p>
            )}
            <CurrentScreen screen={screen} />
          </>
        ) : (
          <p data-testid="loading">{t('app.loading')}</p>
        )}
      </main>
      <HelpOverlay />
    </>
  );
}
