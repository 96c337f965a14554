import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CLAIM_BATCH } from '../../../shared/sync/protocol';
import type { ApiError, BulkChoice, BulkOutcome, BulkPreviewItem, CaseRow, Session } from '../../../shared/api';
import { useApi } from '../api/context';
import { emptyDraft, type DraftField, type FieldError } from '../case/decisionForm';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';
import { useNow } from '../shell/useNow';
import { BulkChoiceForm } from './BulkChoiceForm';
import { BulkPreviewList } from './BulkPreviewList';
import { bulkRequest, chunk, planBulk, splitPreview, type BulkDraft } from './bulkPlan';

type Step =
  | { step: 'form'; error: ApiError | null }
  | { step: 'previewing' }
  | { step: 'preview'; choice: BulkChoice; reason: string; items: BulkPreviewItem[] }
  | { step: 'running'; done: number; total: number }
  | { step: 'done'; outcomes: BulkOutcome[]; released: number; notReleased: number; error: ApiError | null };

export interface BulkDialogProps {
  rows: CaseRow[];
  session: Session;
  onClose: () => void;
  /** After a run: refresh the grid, clear the selection. */
  onFinished: () => void;
}

/**
 * Bulk decisions on violations: each case's own recommendation or one common decision; a
 * preview of what every case gets and which the rulebook check refuses (left out); then one
 * core call per batch that claims, decides and releases what it claimed and did not decide.
 */
export function BulkDialog({ rows: selected, session, onClose, onFinished }: BulkDialogProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useApi();
  const now = useNow();
  // The selection as it was when the dialog opened: the preview is a promise about exactly these cases.
  const [rows] = useState(selected);
  const [draft, setDraft] = useState<BulkDraft>(() => ({ mode: 'recommended', decision: emptyDraft('violation'), justification: '' }));
  const [errors, setErrors] = useState<Partial<Record<DraftField | 'justification', FieldError>>>({});
  const [state, setState] = useState<Step>({ step: 'form', error: null });
  const plan = useMemo(() => planBulk(rows, session.staff, now), [rows, session.staff, now]);

  useCommand('escape', () => {
    if (state.step !== 'running' && state.step !== 'previewing') onClose();
  });

  const preview = async () => {
    const r = bulkRequest(draft);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setState({ step: 'previewing' });
    const items: BulkPreviewItem[] = [];
    for (const batch of chunk(plan.change, MAX_CLAIM_BATCH)) {
      const answer = await api.invoke('bulk.preview', { caseIds: batch.map((row) => row.id), choice: r.choice });
      if (!answer.ok) {
        setState({ step: 'form', error: answer.error });
        return;
      }
      items.push(...answer.value);
    }
    setState({ step: 'preview', choice: r.choice, reason: r.reason, items });
  };

  const run = async (choice: BulkChoice, reason: string, items: BulkPreviewItem[]) => {
    const targets = splitPreview(items).decide.map((i) => i.caseId);
    const outcomes: BulkOutcome[] = [];
    let released = 0;
    let notReleased = 0;
    let error: ApiError | null = null;
    setState({ step: 'running', done: 0, total: targets.length });
    for (const batch of chunk(targets, MAX_CLAIM_BATCH)) {
      const answer = await api.invoke('bulk.decide', { caseIds: batch, choice, reason });
      if (!answer.ok) {
        error = answer.error;
        break;
      }
      outcomes.push(...answer.value.outcomes);
      released += answer.value.released;
      notReleased += answer.value.notReleased.length;
      setState({ step: 'running', done: outcomes.length, total: targets.length });
    }
    setState({ step: 'done', outcomes, released, notReleased, error });
    onFinished();
  };

  const titleOf = new Map(rows.map((r) => [r.id, r.title]));

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="bulk-title" data-testid="bulk-dialog">
      <div className="dialog dialog-wide">
        <h2 id="bulk-title">{t('bulk.title')}</h2>
        {rows.length === 0 ? (
          <p>{t('bulk.none')}</p>
        ) : state.step === 'form' || state.step === 'previewing' ? (
          <BulkChoiceForm
            count={rows.length}
            draft={draft}
            errors={errors}
            busy={state.step === 'previewing'}
            error={state.step === 'form' ? state.error : null}
            onChange={(d, field) => {
              setDraft(d);
              if (field) setErrors((e) => ({ ...e, [field]: undefined }));
            }}
            onPreview={() => void preview()}
            onCancel={onClose}
          />
        ) : state.step === 'preview' ? (
          <BulkPreviewList
            mode={state.choice.mode}
            items={state.items}
            skipped={plan.skip}
            onBack={() => setState({ step: 'form', error: null })}
            onRun={() => void run(state.choice, state.reason, state.items)}
          />
        ) : state.step === 'running' ? (
          <div>
            <p data-testid="bulk-progress">{t('bulk.running', { done: state.done, total: state.total })}</p>
            <progress max={state.total} value={state.done} />
          </div>
        ) : (
          <div>
            <p data-testid="bulk-result" data-ok={state.outcomes.filter((o) => o.status === 'decided').length}>
              {t('bulk.done', { ok: state.outcomes.filter((o) => o.status === 'decided').length, failed: state.outcomes.filter((o) => o.status !== 'decided').length })}
            </p>
            {(state.released > 0 || state.notReleased > 0) && (
              <p data-testid="bulk-released">{t('bulk.released', { released: state.released, notReleased: state.notReleased })}</p>
            )}
            {state.error && (
              <p className="notice-error" role="alert">
                {f.error(state.error)}
              </p>
            )}
            <ul className="bulk-list bulk-skip">
              {state.outcomes
                .filter((o) => o.status !== 'decided')
                .map((o) => (
                  <li key={o.caseId} data-testid="bulk-failed-item">
                    <span className="mono">{o.caseId}</span> {titleOf.get(o.caseId) ?? ''} —{' '}
                    {t('bulk.failed', { message: o.error?.refusals.length ? f.reason({ code: 'invalid_input', message: o.error.message, refusals: o.error.refusals }) : (o.error?.message ?? '') })}
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
