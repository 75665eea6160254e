import { useTranslation } from 'react-i18next';
import { TransportErrorCode } from '../bridge/index.js';
import type { CallFailure } from '../../app/app-store.js';

/** A failed call in the operator's language; transport problems get their own explanation. */
export function FailureMessage({ failure }: { failure: CallFailure }) {
  const { t } = useTranslation();
  if (failure.code === TransportErrorCode.noToken) return <>{t('errors.noToken')}</>;
  if (failure.code === TransportErrorCode.unavailable) return <>{t('errors.transportUnavailable')}</>;
  return <>{t('errors.generic', { code: failure.code, message: failure.message })}</>;
}
