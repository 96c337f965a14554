import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppealCase, Case, MerchantComplaintCase, Order, RefundDisputeCase, ViolationCase } from '../../../shared/domain';
import { useFormat } from '../shell/useFormat';
import { describeDecision } from './describe';
import { Chip, Facts, Section } from './parts';

/** The order and its guarantees, with the logistics trail. */
export function OrderSection({ order }: { order: Order }) {
  const { t } = useTranslation();
  const f = useFormat();
  const when = (ms: number | null) => (ms === null ? t('caseView.order.none') : f.dateTime(ms));
  return (
    <Section title={t('caseView.sections.order')} testId="case-order">
      <Facts
        items={[
          [t('caseView.order.product'), `${order.productTitle} · ${t(`category.${order.category}`)}`],
          [t('caseView.order.paid'), <strong key="paid" data-testid="order-paid">{f.money(order.amountPaidFen)}</strong>],
          [t('caseView.order.paidAt'), f.dateTime(order.paidAt)],
          [t('caseView.order.delivered'), when(order.deliveredAt)],
          [t('caseView.order.signed'), when(order.signedAt)],
        ]}
      />
      {order.returnWeightGrams !== null && <p className="muted">{t('caseView.order.returnWeight', { grams: order.returnWeightGrams })}</p>}
      <div className="chips" aria-label={t('caseView.sections.guarantees')}>
        {order.guarantees.length === 0 ? <span className="muted">{t('caseView.order.noGuarantee')}</span> : order.guarantees.map((g) => (
          <Chip key={g} tone="info">{t(`guarantee.${g}`)}</Chip>
        ))}
      </div>
      {order.logistics.length > 0 && (
        <details className="logistics">
          <summary>{t('caseView.sections.logistics')} ({order.logistics.length})</summary>
          <ol className="timeline">
            {order.logistics.map((l, i) => (
              <li key={i}>
                <time>{f.dateTime(l.at)}</time> {l.event}
              </li>
            ))}
          </ol>
        </details>
      )}
    </Section>
  );
}

function ViolationDetailView({ c, evidence }: { c: ViolationCase; evidence: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = c.detail;
  return (
    <>
    <Section title={t('caseView.sections.violation')} testId="case-violation">
      <Facts
        items={[
          [t('caseView.violation.subject'), `${t(`subject.${d.subject.type}`)} · ${d.subject.title} (${d.subject.id})`],
          [t('caseView.violation.category'), t(`violationCategory.${d.violationCategory}`)],
          [t('caseView.violation.severity'), <Chip key="sev" tone={d.severity === 'minor' ? 'neutral' : d.severity === 'general' ? 'warn' : 'danger'}>{t(`severity.${d.severity}`)}</Chip>],
          [
            t('caseView.violation.source'),
            `${t(`source.${d.source}`)}${d.modelScore !== null ? ` · ${t('caseView.violation.score', { score: d.modelScore.toFixed(2) })}` : ''}`,
          ],
          ...(d.creator
            ? [[t('caseView.violation.creator'), `${d.creator.name} · ${t('caseView.violation.followers', { followers: f.number(d.creator.followers) })}`] as [string, string]]
            : []),
        ]}
      />
      <p>{d.harm ? <Chip tone="danger">{t('caseView.violation.harm')}</Chip> : <Chip>{t('caseView.violation.noHarm')}</Chip>}</p>
      <p className="statement">{d.claim}</p>
    </Section>
    {evidence}
    </>
  );
}

function RefundDisputeView({ c, evidence }: { c: RefundDisputeCase; evidence: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = c.detail;
  return (
    <>
      <Section title={t('caseView.sections.request')} testId="case-request">
        <Facts
          items={[
            [t('caseView.request.type'), t(`afterSale.${d.request.type}`)],
            [t('caseView.request.amount'), <strong key="amt" data-testid="request-amount">{d.request.amountFen > 0 ? f.money(d.request.amountFen) : t('screen.none')}</strong>],
            [t('caseView.request.reason'), d.request.reason],
            [t('caseView.request.at'), f.dateTime(d.request.requestedAt)],
          ]}
        />
      </Section>
      <Section title={t('caseView.sections.statements')} testId="case-statements">
        <div className="two-sides">
          <div>
            <h4>{t('caseView.statement.buyer')}</h4>
            <p className="statement">{d.buyerStatement}</p>
          </div>
          <div>
            <h4>{t('caseView.statement.merchant')}</h4>
            <p className="statement">{d.merchantStatement}</p>
          </div>
        </div>
      </Section>
      {evidence}
      <OrderSection order={d.order} />
      {d.chat.length > 0 && (
        <Section title={t('caseView.sections.chat')} testId="case-chat">
          <ol className="chat">
            {d.chat.map((m, i) => (
              <li key={i} className={`chat-${m.from}`}>
                <span className="chat-who">{t(`party.${m.from}`)}</span> <time>{f.dateTime(m.at)}</time>
                <p>{m.text}</p>
              </li>
            ))}
          </ol>
        </Section>
      )}
    </>
  );
}

function ComplaintView({ c, evidence }: { c: MerchantComplaintCase; evidence: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = c.detail;
  return (
    <>
      <Section title={t('caseView.sections.complaint')} testId="case-complaint">
        <Facts
          items={[
            [t('caseView.complaint.type'), t(`complaintType.${d.complaintType}`)],
            [t('caseView.complaint.contested'), d.contested.action],
            [t('caseView.complaint.amount'), d.contested.amountFen === null ? '—' : f.money(d.contested.amountFen)],
            [t('caseView.complaint.related'), d.contested.relatedCaseId ?? '—'],
            [t('caseView.complaint.actedAt'), f.dateTime(d.contested.actedAt)],
          ]}
        />
        <h4>{t('caseView.statement.text')}</h4>
        <p className="statement">{d.statement}</p>
      </Section>
      {evidence}
      {d.order && <OrderSection order={d.order} />}
    </>
  );
}

function AppealView({ c, evidence }: { c: AppealCase; evidence: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = c.detail;
  const v = d.contested.violation;
  return (
    <>
    <Section title={t('caseView.sections.appeal')} testId="case-appeal">
      <Facts
        items={[
          [t('caseView.appeal.appellant'), `${d.appellant.type === 'creator' ? t('subject.creator') : t('party.merchant')} · ${d.appellant.name} (${d.appellant.id})`],
          [t('caseView.appeal.contested'), describeDecision({ kind: 'violation', outcome: d.contested.outcome }, t, f.locale)],
          [t('caseView.appeal.decidedBy'), d.contested.decidedBy.name],
          [t('caseView.appeal.decidedAt'), f.dateTime(d.contested.decidedAt)],
          [t('caseView.appeal.rule'), d.contested.ruleRef],
          ...(v
            ? ([
                [t('caseView.appeal.violation'), `${t(`violationCategory.${v.category}`)} · ${t(`severity.${v.severity}`)} · ${t(v.harm ? 'caseView.violation.harm' : 'caseView.violation.noHarm')}`],
                [t('caseView.appeal.priorOffences'), t('caseView.appeal.priorCount', { count: v.priorOffences })],
              ] as [string, string][])
            : [[t('caseView.appeal.violation'), t('caseView.appeal.violationUnknown')] as [string, string]]),
        ]}
      />
      <h4>{t('caseView.statement.text')}</h4>
      <p className="statement">{d.statement}</p>
    </Section>
    {evidence}
    </>
  );
}

/** What is specific to the kind of case, with the evidence placed where that kind reads it. */
export function KindDetail({ c, evidence }: { c: Case; evidence: ReactNode }) {
  switch (c.kind) {
    case 'violation':
      return <ViolationDetailView c={c} evidence={evidence} />;
    case 'refund_dispute':
      return <RefundDisputeView c={c} evidence={evidence} />;
    case 'merchant_complaint':
      return <ComplaintView c={c} evidence={evidence} />;
    case 'appeal':
      return <AppealView c={c} evidence={evidence} />;
  }
}
