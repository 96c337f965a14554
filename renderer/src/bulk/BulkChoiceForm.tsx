import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api';
import { OUTCOMES, fieldsFor, type DecisionDraft, type DraftField, type FieldError } from '../case/decisionForm';
import { fieldErrorText, outcomeLabel } from '../case/describe';
import { useFormat } from '../shell/useFormat';
import type { BulkDraft } from './bulkPlan';

type Field = DraftField | 'justification';

export interface BulkChoiceFormProps {
  count: number;
  draft: BulkDraft;
  errors: Partial<Record<Field, FieldError>>;
  busy: boolean;
  error: ApiError | null;
  onChange: (d: BulkDraft, field: Field | null) => void;
  onPreview: () => void;
  onCancel: () => void;
}

/** What a bulk run applies: each case's own recommendation, or one common decision with one justification. */
export function BulkChoiceForm({ count, draft, errors, busy, error, onChange, onPreview, onCancel }: BulkChoiceFormProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const setDecision = <K extends keyof DecisionDraft>(key: K, value: DecisionDraft[K]) => onChange({ ...draft, decision: { ...draft.decision, [key]: value } }, key as Field);
  const fieldError = (field: Field) => {
    const e = errors[field];
    return e ? <span className="field-error" role="alert">{fieldErrorText(t, e, f.locale)}</span> : null;
  };
  const common = draft.mode === 'common';
  const extra = fieldsFor('violation', draft.decision.outcome);
  return (
    <form
      className="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        onPreview();
      }}
    >
      <p>{t('bulk.selected', { count })}</p>
      <fieldset className="bulk-mode">
        <legend>{t('bulk.mode.legend')}</legend>
        <label>
          <input type="radio" name="bulk-mode" data-testid="bulk-mode-recommended" autoFocus={!common} checked={!common} onChange={() => onChange({ ...draft, mode: 'recommended' }, null)} />
          {t('bulk.mode.recommended')}
        </label>
        <label>
          <input type="radio" name="bulk-mode" data-testid="bulk-mode-common" checked={common} onChange={() => onChange({ ...draft, mode: 'common' }, null)} />
          {t('bulk.mode.common')}
        </label>
      </fieldset>
      {common && (
        <>
          <label className="field">
            <span>{t('decision.outcome')}</span>
            <select data-testid="bulk-outcome" value={draft.decision.outcome} onChange={(e) => setDecision('outcome', e.target.value)}>
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
              <input data-testid="bulk-days" value={draft.decision.days} onChange={(e) => setDecision('days', e.target.value)} />
              {fieldError('days')}
            </label>
          )}
          {extra.includes('points') && (
            <label className="field">
              <span>{t('decision.points')}</span>
              <input data-testid="bulk-points" value={draft.decision.points} onChange={(e) => setDecision('points', e.target.value)} />
              {fieldError('points')}
            </label>
          )}
          {extra.includes('amountYuan') && (
            <label className="field">
              <span>{t('decision.amount')}</span>
              <input data-testid="bulk-amount" inputMode="decimal" value={draft.decision.amountYuan} onChange={(e) => setDecision('amountYuan', e.target.value)} />
              {fieldError('amountYuan')}
            </label>
          )}
          <label className="field">
            <span>{t('decision.ruleRef')}</span>
            <input className="mono" data-testid="bulk-rule" placeholder={t('decision.ruleRefPlaceholder', { example: 'VIO-FA-2.1' })} value={draft.decision.ruleRef} onChange={(e) => setDecision('ruleRef', e.target.value)} />
            {fieldError('ruleRef')}
          </label>
          <label className="field">
            <span>{t('bulk.justification')}</span>
            <textarea data-testid="bulk-justification" rows={2} placeholder={t('bulk.justificationHint')} value={draft.justification} onChange={(e) => onChange({ ...draft, justification: e.target.value }, 'justification')} />
            {fieldError('justification')}
          </label>
        </>
      )}
      <label className="field">
        <span>{t('decision.reason')}</span>
        <textarea data-testid="bulk-reason" rows={3} value={draft.decision.reason} onChange={(e) => setDecision('reason', e.target.value)} />
        {fieldError('reason')}
      </label>
      {error && (
        <p className="notice-error" role="alert" data-testid="bulk-error">
          {f.error(error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('bulk.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="bulk-preview" disabled={busy}>
          {busy ? t('bulk.previewing') : t('bulk.preview')}
        </button>
      </div>
    </form>
  );
}
