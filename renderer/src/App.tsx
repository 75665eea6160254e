/**
 * Layout shared by every screen: DEMO and offline banners, the top bar, then the screen chosen
 * in the app store. Login, counter choice and settings plug into the switch below.
 */
import { useTranslation } from 'react-i18next';
import { DemoBanner } from './components/DemoBanner.js';
import { FailureMessage } from './components/FailureMessage.js';
import { Header } from './components/shell/Header.js';
import { HelpOverlay } from './components/shell/HelpOverlay.js';
import { OfflineBanner } from './components/shell/OfflineBanner.js';
import { AuthGate } from './account/AuthGate.js';
import { CounterScreen } from './screens/CounterScreen.js';
import { DayCloseScreen } from './screens/DayCloseScreen.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { SaleScreen } from './screens/SaleScreen.js';
import { useAppStore, type Screen } from './store/app-store.js';

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
      return <CounterScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'diagnostics':
      return <HomeScreen />;
    case 'dayClose':
      return (
        <AuthGate>
          <DayCloseScreen />
        </AuthGate>
      );
    default:
      return <HomeScreen />;
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
