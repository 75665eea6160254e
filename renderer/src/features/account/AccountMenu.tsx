/** In the top bar: the login state and the way to the counter choice, settings and log out. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/app-store.js';
import { useAuthStore } from './auth-store.js';
import './account.css';

export function AccountMenu() {
  const { t } = useTranslation();
  const status = useAuthStore((s) => s.status);
  const logout = useAuthStore((s) => s.logout);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const loggedIn = status?.state === 'ready' || status?.state === 'choose-counter';
  return (
    <span className="account-menu" data-testid="account-menu" data-state={status?.state}>
      {status?.reason === 'expired' && (
        <button type="button" className="danger" data-testid="account-relogin" onClick={() => setScreen('login')}>
          {t('account.expired')}
        </button>
      )}
      {loggedIn && (
        <button
          type="button"
          aria-pressed={screen === 'counters'}
          data-testid="account-switch-counter"
          onClick={() => setScreen('counters')}
        >
          {t('account.switchCounter')}
        </button>
      )}
      <button type="button" aria-pressed={screen === 'settings'} data-testid="nav-settings" onClick={() => setScreen('settings')}>
        {t('account.settings')}
      </button>
      {loggedIn && (
        <button type="button" data-testid="account-logout" onClick={() => void logout()}>
          {t('account.logout')}
        </button>
      )}
    </span>
  );
}
