import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../shared/api';
import type { Case } from '../../../shared/domain';
import { useNow } from '../shell/useNow';
import { useFormat } from '../shell/useFormat';
import { describeDecision } from './describe';
import { eventSentence } from './timelineEvents';
import { Chip, Facts, Section } from './parts';

/** Merchant and buyer, personal data masked as the service delivers it. */
export function PartiesSection({ c }: { c: Case }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section title={t('caseView.sections.parties')} testId="case-parties">
      <div className="two-sides">
        <div data-testid="party-merchant">
          <h4>{t('caseView.sections.merchant')}</h4>
          <p>
            <strong>{c.merchant.name}</strong> <span className="muted mono">{c.merchant.id}</span>
          </p>
          <Facts
            items={[
              [t('caseView.merchant.region'), t(`region.${c.merchant.region}`)],
              [t('caseView.merchant.deposit'), f.money(c.merchant.depositFen)],
              [t('caseView.merchant.opened'), f.date(c.merchant.openedAt)],
            ]}
          />
          {c.merchant.priorViolations > 0 && (
            <span title={t('screen.counts.priorViolationsTitle')} data-testid="merchant-prior-violations">
              <Chip tone="warn">{t('screen.counts.priorViolations', { count: c.merchant.priorViolations })}</Chip>
            </span>
          )}
        </div>
        {c.buyer && (
          <div data-testid="party-buyer">
            <h4>{t('caseView.sections.buyer')}</h4>
            <p>
              <strong>{c.buyer.nickname}</strong> <span className="muted mono">{c.buyer.id}</span>
            </p>
            <Facts items={[[t('caseView.buyer.phone'), <span key="p" className="mono" data-testid="buyer-phone">{c.buyer.phoneMasked}</span>]]} />
            <div className="chips">
              {c.buyer.priorDisputes > 0 && <Chip tone="warn">{t('caseView.buyer.priorDisputes', { count: c.buyer.priorDisputes })}</Chip>}
              {c.buyer.flaggedMalicious && <Chip tone="danger">{t('caseView.buyer.malicious')}</Chip>}
            </div>
          </div>
        )}
      </div>
    </Section>
  );
}

export function TimelineSection({ c }: { c: Case }) {
  const { t } = useTranslation();
  const f = useFormat();
  const events = [...c.history].sort((a, b) => a.at - b.at);
  return (
    <Section title={t('caseView.sections.timeline')} testId="case-timeline">
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <time>{f.dateTime(e.at)}</time>{' '}
            <strong data-event={e.event} title={e.event}>
              {eventSentence(e.event, t)}
            </strong>{' '}
            <span className="muted" data-from="data">
              {e.actor}
            </span>
            {e.detail && (
              <div className="timeline-detail" data-from="data">
                {e.detail}
              </div>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** Earlier decisions on the same merchant or buyer: how this party has been treated before. */
export function PriorDecisionsSection({ prior }: { prior: CaseDetail['priorDecisions'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  return (
    <Section title={t('caseView.sections.prior')} testId="case-prior">
      {prior.length === 0 ? (
        <p className="muted" title={t('screen.counts.priorTitle')} data-testid="prior-none">
          {t('screen.counts.noPrior')}
        </p>
      ) : (
        <ul className="prior">
          {prior.map((d) => (
            <li key={d.decisionId}>
              <div>
                <strong>{describeDecision(d.body, t, f.locale)}</strong> · <span className="mono">{d.ruleRef}</span>
              </div>
              <div className="muted">
                {d.caseTitle} · {t('caseView.prior.by', { name: d.decidedBy.name, when: f.relative(d.decidedAt, now) })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
