import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EscalationNote, type Case, type EscalationMove } from '../../../shared/domain';
import { useApi } from '../api/context';
import { useMyEscalation } from '../data/queries';
import { refusalsLine } from '../format/refusals';
import { Section } from '../case/parts';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';

/**
 * Escalate the case to the supervisors, or hand it to another reviewer, with a note (E opens
 * the form). Queued like a decision: it works offline and is pushed when the service is back.
 * Shows the case's latest move (the note a supervisor reads) and my own move's state.
 */
export function EscalatePanel({ c, active, holdsLease, onMoved }: { c: Case; active: boolean; holdsLease: boolean; onMoved: () => Promise<void> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const mine = useMyEscalation(c.kind, c.id).data ?? null;
  const [open, setOpen] = useState(false);
  const [move, setMove] = useState<EscalationMove>('escalate');
  const [toStaffId, setToStaffId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canMove = holdsLease && c.status === 'open';
  useCommand('escalate', () => (canMove ? setOpen(true) : false), active);

  const submit = async () => {
    if (!EscalationNote.safeParse(note).success) {
      setError(t('escalation.noteRequired'));
      return;
    }
    if (move === 'handoff' && toStaffId.trim() === '') {
      setError(t('escalation.toRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.invoke('case.escalate', { caseId: c.id, move, note, ...(toStaffId.trim() ? { toStaffId: toStaffId.trim() } : {}) });
    setBusy(false);
    if (!r.ok) {
      setError(f.error(r.error));
      return;
    }
    setOpen(false);
    setNote('');
    setToStaffId('');
    await onMoved();
  };

  if (!c.escalation && !mine && !canMove) return null;
  return (
    <Section title={t('escalation.title')} testId="escalation-panel">
      {c.escalation && (
        <div data-testid="escalation-current">
          <p className="small">
            <strong>{t(`escalation.move.${c.escalation.move}`)}</strong> · {c.escalation.by.name} → {c.escalation.to ? c.escalation.to.name : t('escalation.toSupervisors')} · {f.dateTime(c.escalation.at)}
          </p>
          <p className="statement" data-testid="escalation-note">{c.escalation.note}</p>
        </div>
      )}
      {mine && (
        <p className={mine.state === 'pending' || mine.state === 'accepted' ? 'notice notice-info' : 'notice notice-error'} data-testid="escalation-mine">
          {t(`escalation.state.${mine.state}`)}
          {mine.state !== 'pending' && mine.state !== 'accepted' && ` ${mine.refusals.length > 0 ? refusalsLine(mine.refusals, t, f.locale) : mine.message ?? ''}`}
        </p>
      )}
      {canMove && !open && (
        <button type="button" data-testid="escalate-open" onClick={() => setOpen(true)}>
          {t('escalation.open')} (E)
        </button>
      )}
      {canMove && open && (
        <form
          className="escalate-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset>
            <label>
              <input type="radio" name={`move-${c.id}`} checked={move === 'escalate'} data-testid="escalate-move-escalate" onChange={() => setMove('escalate')} /> {t('escalation.move.escalate')}
            </label>{' '}
            <label>
              <input type="radio" name={`move-${c.id}`} checked={move === 'handoff'} data-testid="escalate-move-handoff" onChange={() => setMove('handoff')} /> {t('escalation.move.handoff')}
            </label>
          </fieldset>
          <label className="field">
            <span>{move === 'handoff' ? t('escalation.toStaff') : t('escalation.toSupervisor')}</span>
            <input className="mono" data-testid="escalate-to" value={toStaffId} onChange={(e) => setToStaffId(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('escalation.note')}</span>
            <textarea data-testid="escalate-note" rows={3} value={note} placeholder={t('escalation.notePlaceholder')} onChange={(e) => setNote(e.target.value)} autoFocus />
          </label>
          {error && <p className="form-error" role="alert" data-testid="escalate-error">{error}</p>}
          <button type="submit" data-testid="escalate-submit" disabled={busy}>{t('escalation.submit')}</button>{' '}
          <button type="button" className="link" onClick={() => setOpen(false)}>{t('escalation.cancel')}</button>
        </form>
      )}
    </Section>
  );
}
