import { useTranslation } from 'react-i18next';
import { useCommand } from './commands';
import { BINDINGS, type Binding } from './keymap';

const GROUPS: Binding['group'][] = ['navigate', 'decide', 'bulk', 'viewer', 'app'];

/** The visible keyboard map, rendered from the same table the key handler uses. */
export function KeyboardMap({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  useCommand('escape', () => onClose());
  useCommand('help', () => onClose());
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="kbd-title" data-testid="keyboard-map" onClick={onClose}>
      <div className="dialog keyboard-map" onClick={(e) => e.stopPropagation()}>
        <h2 id="kbd-title">{t('keyboard.title')}</h2>
        <div className="kbd-groups">
          {GROUPS.map((g) => (
            <section key={g}>
              <h3>{t(`keyboard.group.${g}`)}</h3>
              <table>
                <tbody>
                  {BINDINGS.filter((b) => b.group === g).map((b) => (
                    <tr key={b.command}>
                      <td className="kbd-keys">
                        {b.label.map((k, i) => (
                          <kbd key={i}>{k}</kbd>
                        ))}
                      </td>
                      <td>{t(`keyboard.action.${b.command}`)}</td>
                    </tr>
                  ))}
                  {g === 'navigate' && (
                    <tr>
                      <td className="kbd-keys">
                        <kbd>↓</kbd>
                        <kbd>↑</kbd>
                      </td>
                      <td>{t('keyboard.action.next')} / {t('keyboard.action.prev')}</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        <div className="form-actions">
          <button type="button" autoFocus data-testid="keyboard-map-close" onClick={onClose}>
            {t('keyboard.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
