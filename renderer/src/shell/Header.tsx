import { useTranslation } from 'react-i18next';
import type { QueueSummary, Session } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { useFormat } from './useFormat';

export type Tab = CaseKind | 'conflicts' | 'ledger' | 'escalated';

export interface HeaderProps {
  session: Session;
  kinds: CaseKind[];
  queues: QueueSummary[];
  tab: Tab;
  conflicts: number;
  onTab: (tab: Tab) => void;
  onToggleLanguage: () => void;
  onHelp: () => void;
}

/** Who is working, the queues this role may read (with counts), the inbox, language and shortcuts. */
export function Header({ session, kinds, queues, tab, conflicts, onTab, onToggleLanguage, onHelp }: HeaderProps) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <header className="app-header">
      <span className="brand">{t('app.name')}</span>
      <nav className="tabs" role="tablist">
        {kinds.map((k, i) => {
          const q = queues.find((s) => s.kind === k);
          return (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className={tab === k ? 'tab tab-active' : 'tab'}
              data-testid={`tab-${k}`}
              title={`Alt+${i + 1}`}
              onClick={() => onTab(k)}
            >
              {t(`kind.${k}`)}
              {q && (
                <>
                  <span className="tab-count" data-testid={`tab-${k}-open`}>{f.number(q.open)}</span>
                  {q.breached > 0 && (
                    <span className="tab-breached" title={t('header.breached', { count: q.breached })} data-testid={`tab-${k}-breached`}>
                      {f.number(q.breached)}
                    </span>
                  )}
                </>
              )}
            </button>
          );
        })}
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'conflicts'}
          className={tab === 'conflicts' ? 'tab tab-active' : 'tab'}
          data-testid="tab-conflicts"
          title="I"
          onClick={() => onTab('conflicts')}
        >
          {t('header.conflicts')}
          {conflicts > 0 && <span className="tab-breached">{conflicts}</span>}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'escalated'}
          className={tab === 'escalated' ? 'tab tab-active' : 'tab'}
          data-testid="tab-escalated"
          title="Shift+E"
          onClick={() => onTab('escalated')}
        >
          {t('escalation.tab')}
        </button>
        {session.staff.role === 'supervisor' && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'ledger'}
            className={tab === 'ledger' ? 'tab tab-active' : 'tab'}
            data-testid="tab-ledger"
            onClick={() => onTab('ledger')}
          >
            {t('header.ledger')}
          </button>
        )}
      </nav>
      <span className="spacer" />
      <span className="staff" data-testid="staff">
        <strong data-testid="staff-name">{session.staff.name}</strong> · <span data-testid="staff-role">{t(`role.${session.staff.role}`)}</span>
      </span>
      <button type="button" className="link" title={t('header.languageTitle')} data-testid="language-toggle" onClick={onToggleLanguage}>
        {t('header.language')}
      </button>
      <button type="button" className="link" data-testid="keyboard-help" onClick={onHelp}>
        {t('header.keyboard')} (?)
      </button>
    </header>
  );
}
