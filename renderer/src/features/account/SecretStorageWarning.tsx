import { useTranslation } from 'react-i18next';
import { useAuthStore } from './auth-store.js';

/** Electron fell back to plain text (Linux without a keyring): the employee's login is not encrypted. */
export function SecretStorageWarning() {
  const { t } = useTranslation();
  const storage = useAuthStore((s) => s.status?.secretStorage);
  if (!storage || storage.kind !== 'safe-storage' || !storage.plainText) return null;
  return (
    <p className="warning" role="alert" data-testid="secret-storage-warning">
      {t('login.plainText')}
    </p>
  );
}
