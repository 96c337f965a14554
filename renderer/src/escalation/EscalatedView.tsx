import { useTranslation } from 'react-i18next';
import type { CaseKind } from '../../../shared/domain';
import { apiErrorOf } from '../data/ask';
import { useEscalations } from '../data/queries';
import { useFormat } from '../shell/useFormat';

/**
 * The escalated view: open cases escalated to the supervisors (for a supervisor) or handed to
 * me, latest first, each with who moved it, when, and the note. Opening one shows it in its queue.
 */
export function EscalatedView({ active, onOpen }: { active: boolean; onOpen: (kind: CaseKind, caseId: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useEscalations(active);
  return (
    <div className="escalated-view" data-testid="escalated-view" hidden={!active}>
      <h2>{t('escalation.viewTitle')}</h2>
      {list.error && <p className="notice notice-error" role="alert">{f.error(apiErrorOf(list.error))}</p>}
      {list.data?.length === 0 && <p className="muted" data-testid="escalated-empty">{t('escalation.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="escalated-table">
          <thead>
            <tr>
              <th>{t('escalation.case')}</th>
              <th>{t('escalation.from')}</th>
              <th>{t('escalation.to')}</th>
              <th>{t('escalation.note')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((x) => (
              <tr key={x.caseId} data-testid="escalated-row" data-case-id={x.caseId}>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(x.kind, x.caseId)}>
                    {x.title}
                  </button>
                  <div className="small muted">
                    <span className="mono">{x.caseId}</span> · {t(`kind.${x.kind}`)} · {x.merchantName} · {f.money(x.amountFen)}
                  </div>
                </td>
                <td>
                  {t(`escalation.move.${x.escalation.move}`)} · {x.escalation.by.name}
                  <div className="small muted">{f.dateTime(x.escalation.at)}</div>
                </td>
                <td>{x.escalation.to ? x.escalation.to.name : t('escalation.toSupervisors')}</td>
                <td className="statement" data-testid="escalated-note">{x.escalation.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
