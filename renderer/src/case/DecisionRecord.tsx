import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionSummary } from '../../../shared/domain';
import { useFormat } from '../shell/useFormat';
import { describeDecision } from './describe';
import { Chip, Section } from './parts';
import { StatementViewer } from './StatementViewer';

/** The approval record of a decision that needed a supervisor: pending with its grounds, or who answered, when and why. */
export function ApprovalRecord({ d }: { d: DecisionSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = d.approval;
  if (!a) return null;
  return (
    <div className="approval-record" data-testid="approval-record" data-state={a.state}>
      <p>
        <Chip tone={a.state === 'approved' ? 'ok' : a.state === 'rejected' ? 'danger' : 'warn'} testId="approval-state">
          {t(`approval.state.${a.state}`)}
        </Chip>{' '}
        <span className="small muted">{t('approval.grounds', { grounds: a.grounds.join(', ') })}</span>
      </p>
      {a.state !== 'pending' && (
        <>
          <p className="muted small" data-testid="approval-by">{t('approval.by', { name: a.by.name, when: f.dateTime(a.at) })}</p>
          <p className="statement" data-testid="approval-reason">{a.reason}</p>
        </>
      )}
    </div>
  );
}

/** The standing (or held) decision on a case: what, which clause and rulebook version, a departure and its justification, four-eyes, and the statement of reasons. */
export function DecisionRecord({ d, held }: { d: DecisionSummary; held: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [showStatement, setShowStatement] = useState(false);
  return (
    <Section
      title={held ? t('caseView.sections.heldDecision') : d.approval?.state === 'rejected' ? t('caseView.sections.sentBack') : t('caseView.sections.lastDecision')}
      testId="case-last-decision"
    >
      <p>
        <strong>{describeDecision(d.body, t, f.locale)}</strong>{' '}
        {d.departure === true && <Chip tone="warn" testId="decision-departure">{t('check.departure')}</Chip>}
      </p>
      <p className="muted">
        <span className="mono">{d.ruleRef}</span>
        {d.rulebookVersion && <> · {t('rec.version', { version: d.rulebookVersion })}</>} · {t('caseView.prior.by', { name: d.decidedBy.name, when: f.dateTime(d.decidedAt) })}
      </p>
      <p className="statement">{d.reason}</p>
      {d.justification && (
        <div data-testid="decision-justification-record">
          <h4>{t('check.justification')}</h4>
          <p className="statement">{d.justification}</p>
        </div>
      )}
      <ApprovalRecord d={d} />
      <div className="form-actions">
        <button type="button" className={showStatement ? 'primary' : undefined} data-testid="statement-toggle" aria-expanded={showStatement} onClick={() => setShowStatement((v) => !v)}>
          {showStatement ? t('statement.hide') : t('statement.show')}
        </button>
      </div>
      {showStatement && <StatementViewer decisionId={d.decisionId} />}
    </Section>
  );
}
