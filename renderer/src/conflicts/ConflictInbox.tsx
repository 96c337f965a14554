import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Conflict } from '../../../shared/api';
import type { CaseKind, Role } from '../../../shared/domain';
import { useApi } from '../api/context';
import { describeDecision } from '../case/describe';
import { apiErrorOf } from '../data/ask';
import { useConflicts } from '../data/queries';
import { Chip } from '../case/parts';
import { RefusalList, UntranslatedMessage } from '../case/Refusals';
import { useFormat } from '../shell/useFormat';
import { useNow } from '../shell/useNow';
import { canRedecide, reasonLabel, whyNotRedecide } from './inboxActions';
import { ErrorNotice } from '../shell/ErrorNotice';

export interface ConflictInboxProps {
  role: Role;
  active: boolean;
  /** Opens the case in its queue for a new decision. */
  onRedecide: (kind: CaseKind, caseId: string) => void;
}

/** Decisions of mine the service answered with a conflict or a rejection: both versions side by side. */
export function ConflictInbox({ role, active, onRedecide }: ConflictInboxProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const now = useNow();
  const inbox = useConflicts(active);
  const items = inbox.data ?? null;
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const error = actionError ?? (inbox.error ? apiErrorOf(inbox.error) : null);
  const [busy, setBusy] = useState<string | null>(null);

  /** What stands on the server, in words: who decided what, when, and who answered it if it was held. */
  const standing = (c: Conflict): string | null => {
    const d = c.theirs;
    if (!d) return null;
    const decided = t('conflicts.standing', { name: d.decidedBy.name, when: f.dateTime(d.decidedAt), outcome: describeDecision(d.body, t, f.locale) });
    const answer = d.approval;
    if (!answer || answer.state === 'pending') return decided;
    return `${decided}${t('refusal.sentenceSeparator')}${t('conflicts.answered', { name: answer.by.name, when: f.dateTime(answer.at), verdict: t(`conflicts.verdict.${answer.state}`) })}`;
  };

  const withdraw = async (c: Conflict) => {
    setBusy(c.decisionId);
    const r = await api.invoke('conflicts.withdraw', { decisionId: c.decisionId });
    setBusy(null);
    setActionError(r.ok ? null : r.error);
    // A withdrawal the core refused changes nothing; one it made comes back as conflicts.changed.
    if (!r.ok) void inbox.refetch();
  };

  return (
    <div className="inbox" data-testid="conflict-inbox" hidden={!active}>
      <h2>{t('conflicts.title')}</h2>
      {error && (
        <ErrorNotice error={error} testId="inbox-error" />
      )}
      {items !== null && items.length === 0 && <p className="muted" data-testid="inbox-empty">{t('conflicts.empty')}</p>}
      <ul className="inbox-list">
        {(items ?? []).map((c) => {
          const reason = reasonLabel(c, t);
          const why = whyNotRedecide(c);
          const redecide = canRedecide(c, role);
          return (
          <li key={c.decisionId} className="inbox-entry" data-testid="inbox-entry" data-case-id={c.caseId} data-decision-id={c.decisionId}>
            <header>
              <Chip tone={c.status === 'conflict' ? 'warn' : 'danger'} testId="inbox-status">{t(`conflicts.status.${c.status}`)}</Chip>
              <strong>{c.caseTitle}</strong>
              <span className="mono muted">{c.caseId}</span>
              <span className="muted">{t(`kind.${c.kind}`)}</span>
              <span className="muted">{t('conflicts.received', { when: f.relative(c.receivedAt, Math.max(now, c.receivedAt)) })}</span>
            </header>
            <div className="inbox-reason" data-testid="inbox-reason">
              <p>
                {reason.known ? reason.text : <Chip tone="info" testId="inbox-reason-unknown">{reason.text}</Chip>}
                {c.status === 'conflict' && standing(c) && <span className="muted" data-testid="inbox-standing"> — {standing(c)}</span>}
              </p>
              {c.status === 'conflict' && !reason.known && <UntranslatedMessage message={c.message} testId="inbox-message" />}
              {c.status === 'rejected' &&
                (c.refusals.length > 0 ? <RefusalList refusals={c.refusals} testId="inbox-refusals" /> : c.message && <UntranslatedMessage message={c.message} testId="inbox-message" />)}
              {why && <p className="muted" data-testid="inbox-why-not-redecide" data-why={why}>{t(`conflicts.why.${why}`)}</p>}
            </div>
            <div className="two-sides versions">
              <div className="version version-mine" data-testid="inbox-mine">
                <h4>{t('conflicts.mine')}</h4>
                <p>
                  <strong>{describeDecision(c.mine.body, t, f.locale)}</strong>
                </p>
                <p className="muted">
                  {t('conflicts.rule', { rule: c.mine.ruleRef })} · {f.dateTime(c.mine.decidedAt)}
                </p>
                <p className="statement">{c.mine.reason}</p>
              </div>
              <div className="version version-theirs" data-testid="inbox-theirs">
                <h4>{t('conflicts.theirs')}</h4>
                {c.theirs ? (
                  <>
                    <p>
                      <strong>{describeDecision(c.theirs.body, t, f.locale)}</strong>
                    </p>
                    <p className="muted" data-testid="inbox-theirs-by">
                      {t('conflicts.decidedBy', { name: c.theirs.decidedBy.name, when: f.dateTime(c.theirs.decidedAt) })} · {t('conflicts.rule', { rule: c.theirs.ruleRef })}
                    </p>
                    <p className="statement">{c.theirs.reason}</p>
                  </>
                ) : (
                  <p className="muted">{t('conflicts.noTheirs')}</p>
                )}
              </div>
            </div>
            <div className="form-actions">
              {redecide && (
                <button type="button" className="primary" data-testid="inbox-redecide" onClick={() => onRedecide(c.kind, c.caseId)}>
                  {t('conflicts.redecide')}
                </button>
              )}
              <button type="button" className={redecide ? undefined : 'primary'} data-testid="inbox-withdraw" disabled={busy === c.decisionId} onClick={() => void withdraw(c)}>
                {t('conflicts.withdraw')}
              </button>
            </div>
          </li>
          );
        })}
      </ul>
    </div>
  );
}
