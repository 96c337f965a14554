import { useTranslation } from 'react-i18next';
import type { BulkPreviewItem } from '../../../shared/api';
import { describeDecision } from '../case/describe';
import { RefusalList } from '../case/Refusals';
import { useFormat } from '../shell/useFormat';
import { decisionMoneyFen, splitPreview, type BulkMode, type BulkPlan } from './bulkPlan';

export interface BulkPreviewListProps {
  mode: BulkMode;
  items: BulkPreviewItem[];
  skipped: BulkPlan['skip'];
  onBack: () => void;
  onRun: () => void;
}

/**
 * Before anything is claimed or decided: every case with the outcome, clause and money it
 * would get (and its recommendation where the decision departs from it); the cases the check
 * refuses, with its reasons, left out; the cases skipped for their state.
 */
export function BulkPreviewList({ mode, items, skipped, onBack, onRun }: BulkPreviewListProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const { decide, refused } = splitPreview(items);
  const money = (i: BulkPreviewItem) => {
    const fen = i.decision ? decisionMoneyFen(i.decision.body) : null;
    return fen === null ? '—' : f.money(fen);
  };
  return (
    <div data-testid="bulk-preview-list">
      <p data-testid="bulk-change-count" data-count={decide.length}>
        {mode === 'recommended' ? t('bulk.willDecideRecommended', { count: decide.length }) : t('bulk.willDecideCommon', { count: decide.length })}
      </p>
      <table className="bulk-table">
        <thead>
          <tr>
            <th>{t('bulk.col.case')}</th>
            <th>{t('bulk.col.outcome')}</th>
            <th>{t('bulk.col.clause')}</th>
            <th>{t('bulk.col.money')}</th>
            <th>{t('bulk.col.note')}</th>
          </tr>
        </thead>
        <tbody>
          {decide.map((i) => (
            <tr key={i.caseId} data-testid="bulk-change-item" data-case-id={i.caseId}>
              <td>
                <span className="mono">{i.caseId}</span> {i.title}
              </td>
              <td>{i.decision ? describeDecision(i.decision.body, t, f.locale) : ''}</td>
              <td className="mono">{i.decision?.ruleRef}</td>
              <td className="num">{money(i)}</td>
              <td className="muted">
                {i.departure && i.recommended && (
                  <span data-testid="bulk-departure">{t('bulk.departs', { outcome: describeDecision(i.recommended.body, t, f.locale), rule: i.recommended.ruleRef })} </span>
                )}
                {i.needsApproval && <span>{t('bulk.needsApproval')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {refused.length > 0 && (
        <>
          <p data-testid="bulk-refused-count" data-count={refused.length}>
            {t('bulk.willRefuse', { count: refused.length })}
          </p>
          <ul className="bulk-list bulk-skip">
            {refused.map((i) => (
              <li key={i.caseId} data-testid="bulk-refused-item" data-case-id={i.caseId}>
                <span className="mono">{i.caseId}</span> {i.title}
                {i.recommended && <span className="muted"> · {t('bulk.recommends', { outcome: describeDecision(i.recommended.body, t, f.locale), rule: i.recommended.ruleRef })}</span>}
                <RefusalList refusals={i.refusals} testId="bulk-refusals" />
              </li>
            ))}
          </ul>
        </>
      )}
      {skipped.length > 0 && (
        <>
          <p data-testid="bulk-skip-count">{t('bulk.willSkip', { count: skipped.length })}</p>
          <ul className="bulk-list bulk-skip">
            {skipped.map(({ row, reason }) => (
              <li key={row.id} data-testid="bulk-skip-item">
                <span className="mono">{row.id}</span> {row.title} — {t(`bulk.skip.${reason}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button type="button" data-testid="bulk-back" onClick={onBack}>
          {t('bulk.back')}
        </button>
        <button type="button" className="primary" data-testid="bulk-run" autoFocus disabled={decide.length === 0} onClick={onRun}>
          {t('bulk.run', { count: decide.length })}
        </button>
      </div>
    </div>
  );
}
