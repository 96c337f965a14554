import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../../../shared/rulebook/types';
import { useFormat } from '../shell/useFormat';
import { describeDecision } from './describe';
import { FactsEditor } from './FactsEditor';
import type { FactsDraft } from './factsDraft';
import { ErrorNotice } from '../shell/ErrorNotice';
import { Chip, Section } from './parts';
import { answered, type Asked, type RecommendOutput } from './useAdjudication';

export interface RecommendationPanelProps {
  recommendation: Asked<RecommendOutput>;
  draft: FactsDraft;
  invalid: string[];
  onFacts: (d: FactsDraft) => void;
  /** Fill the decision form with the recommendation; absent when the reviewer cannot decide now. */
  onUse?: (rec: RecommendOutput) => void;
}

/** Ledger lines: payer → payee, amount, purpose and clause. */
export function LedgerLines({ entries, testId }: { entries: readonly LedgerEntry[]; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (entries.length === 0) return <p className="muted small" data-testid={testId}>{t('rec.noMoney')}</p>;
  return (
    <table className="ledger-lines" data-testid={testId}>
      <tbody>
        {entries.map((e, i) => (
          <tr key={i}>
            <td>
              {t(`ledgerParty.${e.payer}`)} → {t(`ledgerParty.${e.payee}`)}
            </td>
            <td className="num">{f.money(e.amountFen)}</td>
            <td>{t(`ledgerPurpose.${e.purpose}`)}</td>
            <td className="mono small">{e.ruleRef}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The rulebook's recommended outcome, leading the decision column with its "adopt" button, so
 * that it and the form below it are on screen without scrolling; the grounds follow the form.
 */
export function RecommendationPanel({ recommendation, onUse }: Pick<RecommendationPanelProps, 'recommendation' | 'onUse'>) {
  const { t } = useTranslation();
  const f = useFormat();
  const value = answered(recommendation);
  const rec = value?.recommendation;

  return (
    <Section
      title={t('rec.title')}
      testId="recommendation"
      aside={rec && <span className="muted small" data-testid="rec-version">{t('rec.version', { version: rec.rulebookVersion })}</span>}
    >
      {recommendation.status === 'error' && <ErrorNotice error={recommendation.error} testId="rec-error" />}
      {recommendation.status === 'loading' && !rec && <p className="muted">{t('rec.loading')}</p>}
      {value && rec && (
        <div className={recommendation.status === 'loading' ? 'rec rec-head rec-stale' : 'rec rec-head'}>
          <p className="rec-outcome">
            <strong data-testid="rec-outcome">{describeDecision(rec.body, t, f.locale)}</strong>{' '}
            <span className="mono" data-testid="rec-rule">{rec.ruleRef}</span>
            {value.needsApproval && (
              <>
                {' '}
                <Chip tone="warn" testId="rec-needs-approval">{t('rec.needsApproval')}</Chip>
              </>
            )}
          </p>
          {onUse && (
            <button type="button" data-testid="rec-use" disabled={recommendation.status !== 'ready'} onClick={() => onUse(value)}>
              {t('screen.adopt')}
            </button>
          )}
        </div>
      )}
      {value?.needsApproval && value.approvalGrounds.length > 0 && (
        <p className="small muted" data-testid="rec-approval-grounds">{t('rec.approvalGrounds', { grounds: value.approvalGrounds.join(', ') })}</p>
      )}
    </Section>
  );
}

/** Why the rulebook recommends it: clauses, facts, money flows, and the facts editor that moves it. */
export function RecommendationGrounds({ recommendation, draft, invalid, onFacts }: Omit<RecommendationPanelProps, 'onUse'>) {
  const { t } = useTranslation();
  const f = useFormat();
  const zh = f.locale !== 'en';
  const value = answered(recommendation);
  const rec = value?.recommendation;

  return (
    <Section title={t('screen.grounds')} testId="recommendation-grounds">
      {rec && (
        <div className={recommendation.status === 'loading' ? 'rec rec-stale' : 'rec'}>
          <h4>{t('rec.clauses')}</h4>
          <ul className="rec-clauses" data-testid="rec-clauses">
            {rec.clauses.map((c) => (
              <li key={c.ref}>
                <span className="mono">{c.ref}</span> {zh ? c.text_zh : c.text_en}
              </li>
            ))}
          </ul>
          <h4>{t('rec.facts')}</h4>
          <ul className="rec-facts" data-testid="rec-facts">
            {rec.facts.map((x) => (
              <li key={x.code} data-code={x.code}>
                {zh ? x.text_zh : x.text_en}
              </li>
            ))}
          </ul>
          <h4>
            {t('rec.ledger')}
            {rec.costBearer && (
              <span className="muted small" data-testid="rec-cost-bearer">
                {' '}
                · {t('rec.costBearer', { party: t(`ledgerParty.${rec.costBearer}`) })}
              </span>
            )}
          </h4>
          <LedgerLines entries={rec.ledger} testId="rec-ledger" />
        </div>
      )}
      <FactsEditor draft={draft} invalid={invalid} onChange={onFacts} />
    </Section>
  );
}
