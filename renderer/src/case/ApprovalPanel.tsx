import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../shared/domain';
import { DecisionReason, type DecisionSummary } from '../../../shared/domain';
import { Section } from './parts';

export interface ApprovalPanelProps {
  held: DecisionSummary;
  me: StaffMember;
  /** Sends the verdict; resolves to an error text or null. */
  onVerdict: (verdict: 'approve' | 'reject', reason: string) => Promise<string | null>;
}

/** Why a supervisor cannot answer a held decision, or null when they can. */
export function approvalBlock(held: DecisionSummary, me: Pick<StaffMember, 'id' | 'role'>): 'notSupervisor' | 'ownDecision' | 'notPending' | null {
  if (me.role !== 'supervisor') return 'notSupervisor';
  if (held.approval?.state !== 'pending') return 'notPending';
  if (held.decidedBy.id === me.id) return 'ownDecision';
  return null;
}

/** Four-eyes: a supervisor other than the decider approves the held decision or sends it back, with a reason. */
export function ApprovalPanel({ held, me, onVerdict }: ApprovalPanelProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const block = approvalBlock(held, me);
  if (block === 'notSupervisor' || block === 'notPending') return null;

  const send = async (verdict: 'approve' | 'reject') => {
    const r = DecisionReason.safeParse(reason);
    if (!r.success) {
      setError(t('approval.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const err = await onVerdict(verdict, r.data);
    setBusy(false);
    if (err) setError(err);
    else setReason('');
  };

  return (
    <Section title={t('approval.title')} testId="approval-panel">
      {block === 'ownDecision' ? (
        <p className="notice notice-info" data-testid="approval-own">{t('approval.own')}</p>
      ) : (
        <>
          <p className="small muted">{t('approval.hint')}</p>
          <label className="field">
            <span>{t('approval.reason')}</span>
            <textarea data-testid="approval-reason-input" rows={3} value={reason} placeholder={t('approval.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
          </label>
          {error && (
            <p className="form-error" role="alert" data-testid="approval-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" data-testid="approval-reject" disabled={busy} onClick={() => void send('reject')}>
              {t('approval.reject')}
            </button>
            <button type="button" className="primary" data-testid="approval-approve" disabled={busy} onClick={() => void send('approve')}>
              {t('approval.approve')}
            </button>
          </div>
        </>
      )}
    </Section>
  );
}
