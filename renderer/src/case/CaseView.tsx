import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, Session } from '../../../shared/api';
import { canDecide, type CaseKind } from '../../../shared/domain';
import { useApi } from '../api/context';
import { apiErrorOf } from '../data/ask';
import { useCaseDetail } from '../data/queries';
import { queryKeys } from '../data/queryKeys';
import { useCommand } from '../shell/commands';
import { LeaseCountdown } from '../checkout/CheckoutCountdown';
import { useFormat } from '../shell/useFormat';
import { useNow } from '../shell/useNow';
import { PartiesSection, PriorDecisionsSection, TimelineSection } from './CaseSections';
import { ApprovalPanel } from './ApprovalPanel';
import { DecisionForm } from './DecisionForm';
import { DecisionRecord } from './DecisionRecord';
import { RecommendationGrounds, RecommendationPanel } from './RecommendationPanel';
import { amountText, leaseText, slaStanding } from './caseValues';
import { ErrorNotice, ErrorText } from '../shell/ErrorNotice';
import { useRecommendation, type RecommendOutput } from './useAdjudication';
import type { ValidDecision } from './decisionForm';
import { describeDecision } from './describe';
import { EvidenceSection } from './Evidence';
import { BuyerContact } from './BuyerContact';
import { EscalatePanel } from '../escalation/EscalatePanel';
import type { Case, Order } from '../../../shared/domain';

/** The order whose delivery a photo's time is read against: a dispute's, or the one a complaint is about. */
function orderOf(c: Case): Order | null {
  if (c.kind === 'refund_dispute') return c.detail.order;
  if (c.kind === 'merchant_complaint') return c.detail.order;
  return null;
}
import { CaseBackLink } from '../evidence/caseLinks';
import { PhotoReuseFlag } from '../evidence/PhotoReuseFlag';
import { KindDetail } from './KindDetail';
import { Chip, Section } from './parts';

export interface CaseViewProps {
  caseId: string | null;
  kind: CaseKind;
  session: Session;
  active: boolean;
  /** Move to the next case in the queue (after "decide and next"). */
  onAdvance: () => void;
}

/**
 * The case from the query cache: asked when opened, asked again (keeping what is shown) when
 * a burst of changes of its kind ends. The grid follows the same changes by itself.
 */
export function CaseView({ caseId, kind, session, active, onAdvance }: CaseViewProps) {
  const { t } = useTranslation();
  const query = useCaseDetail(caseId, kind);
  const queryClient = useQueryClient();

  if (caseId === null) return <div className="case-view case-empty" data-testid="case-empty">{t('caseView.empty')}</div>;
  if (query.data === undefined && query.error) {
    return (
      <div className="case-view case-empty" data-testid="case-error">
        <ErrorNotice error={apiErrorOf(query.error)} lead={(sentence) => t('caseView.loadError', { message: sentence })} />
      </div>
    );
  }
  if (query.data === undefined) return <div className="case-view case-empty">{t('caseView.loading')}</div>;
  // After the reviewer's own action the view shows its outcome before anything else is done.
  const reload = () => queryClient.refetchQueries({ queryKey: queryKeys.case(kind, caseId), exact: true });
  // One case, one view: another case (even one already in the cache) starts with fresh state,
  // and the form it replaces takes its keyboard focus with it.
  return <LoadedCase key={caseId} detail={query.data} session={session} active={active} onAdvance={onAdvance} reload={reload} />;
}

function LoadedCase({ detail, session, active, onAdvance, reload }: Omit<CaseViewProps, 'caseId' | 'kind'> & { detail: CaseDetail; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const now = useNow();
  const c = detail.case;
  const me = session.staff;
  const mayDecide = canDecide(me.role, c.kind);
  const [notice, setNotice] = useState<{ tone: 'error' | 'ok'; text: string; detail?: string | null; saved?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const adjudication = useRecommendation(c.id, c.kind, mayDecide);
  const [fill, setFill] = useState<{ body: RecommendOutput['recommendation']['body']; ruleRef: string; nonce: number } | null>(null);
  const rec = adjudication.recommendation.status === 'ready' ? adjudication.recommendation.value.recommendation : null;

  const claim = async (): Promise<string | null> => {
    const r = await api.invoke('case.claim', { caseIds: [c.id], mode: 'online' });
    if (!r.ok) return f.error(r.error);
    const answer = r.value[0];
    if (answer && !answer.granted) {
      const holder = answer.lease ? ` · ${answer.lease.holder.name}` : '';
      return `${t('bulk.claimFailed', { reason: t(`leaseReason.${answer.reason}`) })}${holder}`;
    }
    return null;
  };

  const run = async (action: () => Promise<string | null>) => {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    const err = await action();
    setBusy(false);
    if (err) setNotice({ tone: 'error', text: err });
    await reload();
  };

  const doClaim = () => run(claim);
  const doRelease = () =>
    run(async () => {
      const r = await api.invoke('case.release', { caseIds: [c.id] });
      if (!r.ok) return f.error(r.error);
      const answer = r.value[0];
      return answer && !answer.granted ? t(`leaseReason.${answer.reason}`) : null;
    });

  useCommand('claim', () => void doClaim(), active && mayDecide);
  const decidableNow = mayDecide && c.status === 'open' && detail.myDecision?.state !== 'pending';
  const adopt = () => {
    if (adjudication.recommendation.status === 'ready') {
      const v = adjudication.recommendation.value.recommendation;
      setFill({ body: v.body, ruleRef: v.ruleRef, nonce: Date.now() });
    }
  };
  useCommand('adopt', adopt, active && decidableNow && adjudication.recommendation.status === 'ready');
  useCommand('release', () => void doRelease(), active && mayDecide && detail.myLease !== null);

  // One call: the console claims the case first when the reviewer holds no live lease on it.
  const onDecide = async (d: ValidDecision, next: boolean, justification: string | undefined) => {
    const facts = adjudication.facts ?? undefined;
    const r = await api.invoke('case.decide', { caseId: c.id, body: d.body, ruleRef: d.ruleRef, reason: d.reason, facts, justification });
    if (!r.ok) return f.error(r.error);
    if (next) onAdvance();
    else {
      setNotice({ tone: 'ok', text: t('decision.saved'), saved: true });
      await reload();
    }
    return null;
  };

  const onVerdict = async (heldDecisionId: string, verdict: 'approve' | 'reject', reason: string) => {
    const r = await api.invoke('case.approve', { caseId: c.id, heldDecisionId, verdict, reason });
    if (!r.ok) return f.error(r.error);
    setNotice({ tone: 'ok', text: t(verdict === 'approve' ? 'approval.approved' : 'approval.rejected') });
    await reload();
    return null;
  };

  const lease = detail.lease;
  const leaseLine = detail.myLease
    ? leaseText({ mine: true }, detail.myLease.expiresAt, now, t, f)
    : lease && lease.expiresAt > now
      ? leaseText({ mine: false, name: lease.holder.name }, lease.expiresAt, now, t, f)
      : t('caseView.notClaimed');
  const decidable = decidableNow;
  const sla = slaStanding(c.slaDueAt, c.status, c.lastDecision?.decidedAt ?? c.updatedAt, now, t, f);
  // "Saved, waiting to be pushed" lasts only while it is true: once the service accepted it, say so.
  const noticeText = notice?.saved && detail.myDecision?.state === 'accepted' ? t('screen.pushed') : notice?.text;

  return (
    <div className="case-view" data-testid="case-view" data-case-id={c.id} data-case-kind={c.kind}>
      <header className="case-header">
        <div className="case-title">
          <h2 data-testid="case-title">{c.title}</h2>
          <div className="case-meta">
            <CaseBackLink caseId={c.id} />
            <span className="mono" data-testid="case-id">{c.id}</span>
            <Chip tone={c.status === 'open' ? 'info' : c.status === 'awaiting_approval' ? 'warn' : 'neutral'} testId="case-status">{t(`status.${c.status}`)}</Chip>
            <span>{t('caseView.priority', { priority: c.priority })}</span>
            <span>{t(`category.${c.category}`)} · {t(`region.${c.region}`)}</span>
            <strong data-testid="case-amount">{amountText(c.kind, c.status, c.amountFen, t, f)}</strong>
            <span className={`sla sla-${sla.state}`} data-sla={sla.state} data-testid="case-sla" title={f.dateTime(c.slaDueAt)}>
              {sla.text}
            </span>
            <span className="muted">{t('caseView.created', { when: f.relative(c.createdAt, now) })}</span>
          </div>
        </div>
        <div className="case-lease" data-testid="case-lease">
          <span className={detail.myLease ? 'lease-mine' : lease ? 'lease-other' : 'muted'} data-testid="case-lease-text">{leaseLine}</span>
          {detail.myLease?.mode === 'offline' && (
            <>
              <Chip>{t('caseView.offlineLease')}</Chip> <LeaseCountdown expiresAt={detail.myLease.expiresAt} />
            </>
          )}
          {mayDecide && !detail.myLease && c.status === 'open' && (
            <button type="button" data-testid="case-claim" disabled={busy} onClick={() => void doClaim()}>
              {t('caseView.claim')}
            </button>
          )}
          {mayDecide && detail.myLease && (
            <button type="button" data-testid="case-release" disabled={busy} onClick={() => void doRelease()}>
              {t('caseView.release')}
            </button>
          )}
        </div>
      </header>
      {notice?.tone === 'error' && <ErrorText sentence={notice.text} detail={notice.detail ?? null} testId="case-notice" />}
      {notice?.tone === 'ok' && (
        <p className="notice notice-ok" role="status" data-testid="case-notice">
          {noticeText}
        </p>
      )}
      <div className="case-body">
        <div className="case-details">
          <KindDetail c={c} evidence={<EvidenceSection caseId={c.id} evidence={c.evidence} order={orderOf(c)} chat={c.kind === 'refund_dispute' ? c.detail.chat : []} active={active} besideFacts={(caseId, sha256) => <PhotoReuseFlag caseId={caseId} sha256={sha256} />} />} />
          <BuyerContact c={c} me={me} holdsLease={detail.myLease !== null} />
          <PartiesSection c={c} />
          <PriorDecisionsSection prior={detail.priorDecisions} />
          <TimelineSection c={c} />
        </div>
        <aside className="case-decide">
          {/* Shown even when it is the case's standing decision: the reviewer sees it was accepted. */}
          {detail.myDecision && (
            <Section title={t('caseView.sections.myDecision')} testId="case-my-decision">
              <p>
                <Chip tone={detail.myDecision.state === 'accepted' ? 'ok' : detail.myDecision.state === 'pending' ? 'info' : 'danger'}>
                  {t(`caseView.myState.${detail.myDecision.state}`)}
                </Chip>{' '}
                <strong>{describeDecision(detail.myDecision.body, t, f.locale)}</strong>
              </p>
              <p className="muted">
                <span className="mono">{detail.myDecision.ruleRef}</span> · {f.dateTime(detail.myDecision.decidedAt)}
              </p>
              <p className="statement">{detail.myDecision.reason}</p>
            </Section>
          )}
          <EscalatePanel c={c} active={active} holdsLease={detail.myLease !== null} onMoved={reload} />
          {c.lastDecision && <DecisionRecord d={c.lastDecision} held={c.status === 'awaiting_approval'} />}
          {c.lastDecision && c.status === 'awaiting_approval' && (
            <ApprovalPanel held={c.lastDecision} me={me} onVerdict={(v, reason) => onVerdict(c.lastDecision?.decisionId ?? '', v, reason)} />
          )}
          {mayDecide && <RecommendationPanel recommendation={adjudication.recommendation} onUse={decidable ? adopt : undefined} />}
          <Section title={t('caseView.sections.decision')} testId="case-decision">
            {!mayDecide ? (
              <p className="muted" data-testid="decision-readonly">{t('caseView.readOnly', { role: t(`role.${me.role}`) })}</p>
            ) : detail.myDecision?.state === 'pending' ? (
              <p className="muted" data-testid="decision-pending">{t('decision.pendingMine')}</p>
            ) : c.status !== 'open' ? (
              <p className="muted" data-testid="decision-not-open">{t('decision.notOpen', { status: t(`status.${c.status}`) })}</p>
            ) : (
              <>
                {!detail.myLease && <p className="muted small">{t('decision.claimFirst')}</p>}
                {decidable && (
                  <DecisionForm
                    c={c}
                    active={active}
                    facts={adjudication.facts}
                    suggestedRules={rec ? rec.clauses.map((x) => x.ref) : []}
                    fill={fill}
                    onDecide={onDecide}
                  />
                )}
              </>
            )}
          </Section>
          {mayDecide && (
            <RecommendationGrounds recommendation={adjudication.recommendation} draft={adjudication.draft} invalid={adjudication.invalid} onFacts={adjudication.setDraft} />
          )}
        </aside>
      </div>
    </div>
  );
}
