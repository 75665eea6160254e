/** The shortcut list (F1 or ?), as a modal dialog that returns focus when closed. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../../lib/keyboard/shortcuts.js';
import { useAppStore } from '../app-store.js';

const KEY_NAMES: Record<string, string> = { Escape: 'Esc' };

export function HelpOverlay() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.helpOpen);
  const setOpen = useAppStore((s) => s.setHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" data-testid="help-overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="help-title" className="dialog">
        <h2 id="help-title">{t('help.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <th scope="row">
                  {s.keys.map((k) => (
                    <kbd key={k}>{KEY_NAMES[k] ?? k}</kbd>
                  ))}
                </th>
                <td>{t(`help.${s.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('help.arrows')}</p>
        <p>{t('help.enter')}</p>
        <p>{t('help.scan')}</p>
        <button type="button" ref={closeRef} onClick={() => setOpen(false)} data-testid="help-close">
          {t('help.close')}
        </button>
      </div>
    </div>
  );
}
