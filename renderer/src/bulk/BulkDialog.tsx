import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CLAIM_BATCH } from '../../../shared/sync/protocol';
import type { CaseRow, Session } from '../../../shared/api';
import { useApi } from '../api/context';
import { OUTCOMES, emptyDraft, fieldsFor, validateDraft, type DecisionDraft, type DraftField, type FieldError, type ValidDecision } from '../case/decisionForm';
import { describeDecision, fieldErrorText, outcomeLabel } from '../case/describe';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';
import { useNow } from '../shell/useNow';
import { chunk, planBulk } from './bulkPlan';

type Step =
  | { step: 'form' }
  | { step: 'preview'; decision: ValidDecision }
  | { step: 'running'; done: number; total: number }
  | { step: 'done'; ok: number; failures: { row: CaseRow; message: string }[] };

export interface BulkDialogProps {
  rows: CaseRow[];
  session: Session;
  onClose: () => void;
  /** After a run: refresh the grid, clear the selection. */
  onFinished: () => void;
}

/** Bulk decisions on violations: choose, preview exactly which cases change, then claim and decide each. */
export function BulkDialog({ rows: selected, session, onClose, onFinished }: BulkDialogProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const now = useNow();
  // The selection as it was when the dialog opened: the preview is a promise about exactly these cases.
  const [rows] = useState(selected);
  const [draft, setDraft] = useState<DecisionDraft>(() => emptyDraft('violation'));
  const [errors, setErrors] = useState<Partial<Record<DraftField, FieldError>>>({});
  const [state, setState] = useState<Step>({ step: 'form' });
  const plan = useMemo(() => planBulk(rows, session.staff, now), [rows, session.staff, now]);

  useCommand('escape', () => {
    if (state.step !== 'running') onClose();
  });

  const set = <K extends keyof DecisionDraft>(key: K, value: DecisionDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const preview = () => {
    const r = validateDraft('violation', draft);
    if (!r.ok) setErrors(r.errors);
    else setState({ step: 'preview', decision: r });
  };

  const run = async (decision: ValidDecision) => {
    const targets = plan.change;
    const failures: { row: CaseRow; message: string }[] = [];
    let done = 0;
    let ok = 0;
    setState({ step: 'running', done, total: targets.length });
    for (const batch of chunk(targets, MAX_CLAIM_BATCH)) {
      const claimed = await api.invoke('case.claim', { caseIds: batch.map((r) => r.id), mode: 'online' });
      const granted = new Set<string>();
      if (!claimed.ok) batch.forEach((row) => failures.push({ row, message: f.error(claimed.error) }));
      else {
        for (const a of claimed.value) {
          if (a.granted) granted.add(a.caseId);
          else {
            const row = batch.find((r) => r.id === a.caseId);
            if (row) failures.push({ row, message: t('bulk.claimFailed', { reason: t(`leaseReason.${a.reason}`) }) });
          }
        }
      }
      for (const row of batch) {
        if (granted.has(row.id)) {
          const r = await api.invoke('case.decide', { caseId: row.id, body: decision.body, ruleRef: decision.ruleRef, reason: decision.reason });
          if (r.ok) ok++;
          else failures.push({ row, message: f.error(r.error) });
        }
        done++;
        setState({ step: 'running', done, total: targets.length });
      }
    }
    setState({ step: 'done', ok, failures });
    onFinished();
  };

  const fieldError = (field: DraftField) => {
    const e = errors[field];
    return e ? <span className="field-error" role="alert">{fieldErrorText(t, e, f.locale)}</span> : null;
  };
  const extra = fieldsFor('violation', draft.outcome);

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="bulk-title" data-testid="bulk-dialog">
      <div className="dialog">
        <h2 id="bulk-title">{t('bulk.title')}</h2>
        {rows.length === 0 ? (
          <p>{t('bulk.none')}</p>
        ) : state.step === 'form' ? (
          <form
            className="decision-form"
            onSubmit={(e) => {
              e.preventDefault();
              preview();
            }}
          >
            <p>{t('bulk.selected', { count: rows.length })}</p>
            <label className="field">
              <span>{t('decision.outcome')}</span>
              <select autoFocus data-testid="bulk-outcome" value={draft.outcome} onChange={(e) => set('outcome', e.target.value)}>
                {OUTCOMES.violation.map((o) => (
                  <option key={o} value={o}>
                    {outcomeLabel(t, 'violation', o)}
                  </option>
                ))}
              </select>
            </label>
            {extra.includes('days') && (
              <label className="field">
                <span>{t('decision.days')}</span>
                <input data-testid="bulk-days" value={draft.days} onChange={(e) => set('days', e.target.value)} />
                {fieldError('days')}
              </label>
            )}
            {extra.includes('points') && (
              <label className="field">
                <span>{t('decision.points')}</span>
                <input data-testid="bulk-points" value={draft.points} onChange={(e) => set('points', e.target.value)} />
                {fieldError('points')}
              </label>
            )}
            {extra.includes('amountYuan') && (
              <label className="field">
                <span>{t('decision.amount')}</span>
                <input data-testid="bulk-amount" inputMode="decimal" value={draft.amountYuan} onChange={(e) => set('amountYuan', e.target.value)} />
                {fieldError('amountYuan')}
              </label>
            )}
            <label className="field">
              <span>{t('decision.ruleRef')}</span>
              <input className="mono" data-testid="bulk-rule" placeholder={t('decision.ruleRefPlaceholder', { example: 'VIO-FA-2.1' })} value={draft.ruleRef} onChange={(e) => set('ruleRef', e.target.value)} />
              {fieldError('ruleRef')}
            </label>
            <label className="field">
              <span>{t('decision.reason')}</span>
              <textarea data-testid="bulk-reason" rows={3} value={draft.reason} onChange={(e) => set('reason', e.target.value)} />
              {fieldError('reason')}
            </label>
            <div className="form-actions">
              <button type="button" onClick={onClose}>
                {t('bulk.cancel')}
              </button>
              <button type="submit" className="primary" data-testid="bulk-preview">
                {t('bulk.preview')}
              </button>
            </div>
          </form>
        ) : state.step === 'preview' ? (
          <div data-testid="bulk-preview-list">
            <p>
              <strong>{describeDecision(state.decision.body, t, f.locale)}</strong> · <span className="mono">{state.decision.ruleRef}</span>
            </p>
            <p data-testid="bulk-change-count">{t('bulk.willChange', { count: plan.change.length })}</p>
            <ul className="bulk-list">
              {plan.change.map((r) => (
                <li key={r.id} data-testid="bulk-change-item">
                  <span className="mono">{r.id}</span> {r.title} · {r.merchantName}
                </li>
              ))}
            </ul>
            {plan.skip.length > 0 && (
              <>
                <p data-testid="bulk-skip-count">{t('bulk.willSkip', { count: plan.skip.length })}</p>
                <ul className="bulk-list bulk-skip">
                  {plan.skip.map(({ row, reason }) => (
                    <li key={row.id} data-testid="bulk-skip-item">
                      <span className="mono">{row.id}</span> {row.title} — {t(`bulk.skip.${reason}`)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="form-actions">
              <button type="button" onClick={() => setState({ step: 'form' })}>
                {t('bulk.back')}
              </button>
              <button type="button" className="primary" data-testid="bulk-run" disabled={plan.change.length === 0} onClick={() => void run(state.decision)}>
                {t('bulk.run', { count: plan.change.length })}
              </button>
            </div>
          </div>
        ) : state.step === 'running' ? (
          <div>
            <p data-testid="bulk-progress">{t('bulk.running', { done: state.done, total: state.total })}</p>
            <progress max={state.total} value={state.done} />
          </div>
        ) : (
          <div>
            <p data-testid="bulk-result">{t('bulk.done', { ok: state.ok, failed: state.failures.length })}</p>
            <ul className="bulk-list bulk-skip">
              {state.failures.map(({ row, message }) => (
                <li key={row.id}>
                  <span className="mono">{row.id}</span> {t('bulk.failed', { message })}
                </li>
              ))}
            </ul>
          </div>
        )}
        {(rows.length === 0 || state.step === 'done') && (
          <div className="form-actions">
            <button type="button" className="primary" data-testid="bulk-close" autoFocus onClick={onClose}>
              {t('bulk.close')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
