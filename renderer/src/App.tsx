/** Layout shared by every screen: the DEMO banner on top, a blocking error when main is unreachable. */
import { useTranslation } from 'react-i18next';
import { DemoBanner } from './components/DemoBanner.js';
import { FailureMessage } from './components/FailureMessage.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { useAppStore } from './store/app-store.js';

export function App() {
  const { t } = useTranslation();
  const fatal = useAppStore((s) => s.fatal);
  const ready = useAppStore((s) => s.info !== undefined);
  return (
    <>
      <DemoBanner />
      <main className="app">
        {fatal ? (
          <p className="error" role="alert" data-testid="connection-error" data-code={fatal.code}>
            <FailureMessage failure={fatal} />
          </p>
        ) : ready ? (
          <HomeScreen />
        ) : (
          <p data-testid="loading">{t('app.loading')}</p>
        )}
      </main>
    </>
  );
}
