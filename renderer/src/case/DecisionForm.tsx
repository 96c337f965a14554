import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_REMEDIES, type Case, type CaseKind, type DecisionBody, type EvidenceMatchCitation } from '../../../shared/domain';
import type { CaseFacts } from '../../../shared/rulebook/facts';
import { useCommand } from '../shell/commands';
import { refusalsLine } from '../format/refusals';
import { useDecisionMemory } from '../data/ConsoleData';
import { useFormat } from '../shell/useFormat';
import { CheckPanel } from './CheckPanel';
import { checkDraft } from './checkDraft';
import { fieldErrorText, outcomeLabel } from './describe';
import {
  OUTCOMES, draftBody, draftFromBody, emptyDraft, fieldsFor, lighterPenaltyTypes, limitHints, validateDraft, type DecisionDraft, type DraftField, type FieldError, type ValidDecision,
} from './decisionForm';
import { useDecisionCheck } from './useAdjudication';
import { MatchCitation, withCitation } from '../evidence/MatchCitation';

/** A citation in the rulebook's format for each kind, shown as the field's example. */
const RULE_EXAMPLES: Record<CaseKind, string> = { violation: 'VIO-FA-2.1', refund_dispute: 'REF-7D-1', merchant_complaint: 'CMP-FN-1', appeal: 'APL-1' };

const FIELD_TEST_IDS: Record<DraftField, string> = {
  outcome: 'decision-outcome', amountYuan: 'decision-amount', days: 'decision-days', points: 'decision-points', fineYuan: 'decision-fine',
  suspendDays: 'decision-suspend-days', ruleRef: 'decision-rule', reason: 'decision-reason',
};

export interface DecisionFormProps {
  c: Case;
  /** The form is live (its tab is shown): keyboard commands apply to it. */
  active: boolean;
  /** What the reviewer established (from the recommendation panel); sent with the check and the decision. */
  facts: CaseFacts | null;
  /** Clauses the rulebook recommends for this case, offered first for the rule field. */
  suggestedRules: readonly string[];
  /** "Use recommendation": fill the form with this body and clause (a new nonce each time). */
  fill: { body: DecisionBody; ruleRef: string; nonce: number } | null;
  /** Claims if needed, decides; resolves to an error text or null. */
  onDecide: (decision: ValidDecision, next: boolean, justification: string | undefined) => Promise<string | null>;
}

export function DecisionForm({ c, active, facts, suggestedRules, fill, onDecide }: DecisionFormProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const kind = c.kind;
  const limits = useMemo(() => limitHints(c), [c]);
  // What this staff member decided last carries over; the memory is theirs alone (see decisionMemory.ts).
  const memory = useDecisionMemory();
  const [draft, setDraft] = useState<DecisionDraft>(() => memory.lastDraft(kind) ?? emptyDraft(kind));
  const [carried, setCarried] = useState(() => memory.lastDraft(kind) !== undefined);
  const [errors, setErrors] = useState<Partial<Record<DraftField, FieldError>>>({});
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [justification, setJustification] = useState('');
  const [justError, setJustError] = useState(false);
  // null until the reviewer chooses (the closest match is then cited); 'none' when they cite nothing.
  const [cited, setCited] = useState<EvidenceMatchCitation | 'none' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const uid = useId();
  const body = useMemo(() => draftBody(kind, draft), [kind, draft]);
  const { check, rulebook } = useDecisionCheck(c, body, facts);
  const checked = check.status === 'ready' ? check.value : null;
  const departure = checked?.ok === true && checked.departure;

  // A new case starts from the carried-over draft, without the previous case's errors.
  useEffect(() => {
    setDraft(memory.lastDraft(kind) ?? emptyDraft(kind));
    setCarried(memory.lastDraft(kind) !== undefined);
    setErrors({});
    setFormError(null);
    setJustification('');
    setJustError(false);
    setCited(null);
  }, [c.id, kind, memory]);

  // "Use recommendation" replaces the outcome fields and the clause; the reason stays.
  useEffect(() => {
    if (!fill) return;
    setDraft((d) => draftFromBody(fill.body, fill.ruleRef, d));
    setCarried(false);
    setErrors({});
  }, [fill]);

  const set = <K extends keyof DecisionDraft>(key: K, value: DecisionDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setCarried(false);
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const focusField = (field: DraftField) => {
    const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`);
    el?.focus();
  };

  const submit = async (next: boolean) => {
    if (busy) return;
    const fieldFirst = (errors: Partial<Record<DraftField, FieldError>>): boolean => {
      const first = (['outcome', 'amountYuan', 'days', 'points', 'fineYuan', 'suspendDays', 'ruleRef', 'reason'] as const).find((k) => errors[k]);
      if (!first) return false;
      setErrors(errors);
      focusField(first);
      return true;
    };
    const typed = validateDraft(kind, draft);
    if (!typed.ok) {
      fieldFirst(typed.errors);
      return;
    }
    let decision = typed;
    let sent: string | undefined;
    // Until the rulebook has come, the console judges the decision when it is submitted.
    if (rulebook) {
      const verdict = checkDraft(c, draft, { facts, justification, rulebook });
      if (!verdict.ok) {
        if (fieldFirst(verdict.errors)) return;
        if (verdict.refusals.some((r) => r.code === 'departure_unjustified')) {
          setJustError(true);
          formRef.current?.querySelector<HTMLElement>('[data-field="justification"]')?.focus();
          return;
        }
        // The service refuses what breaks the rulebook; say so here rather than after a round trip.
        setFormError(checked && !checked.ok ? t('check.fixFirst') : refusalsLine(verdict.refusals, t, f.locale));
        return;
      }
      decision = verdict.decision;
      sent = verdict.justification;
    }
    setBusy(true);
    setFormError(null);
    const err = await onDecide({ ...decision, body: withCitation(decision.body, cited === 'none' ? null : cited) }, next, sent);
    setBusy(false);
    if (err) {
      setFormError(err);
      return;
    }
    memory.decided(kind, draft, decision.ruleRef);
  };

  const outcomes = OUTCOMES[kind] as readonly string[];
  useCommand('decide', () => void submit(false), active);
  useCommand('decideNext', () => void submit(true), active);
  useCommand('focusForm', () => focusField('outcome'), active);
  useCommand(
    'outcome',
    (n) => {
      const o = n === null ? undefined : outcomes[n - 1];
      if (!o) return false;
      set('outcome', o);
      return true;
    },
    active,
  );

  const extra = fieldsFor(kind, draft.outcome, draft.penaltyType);
  const errorText = (field: DraftField) => {
    const e = errors[field];
    if (!e) return null;
    return (
      <span className="field-error" role="alert" data-testid={`decision-error-${field}`}>
        {fieldErrorText(t, e, f.locale)}
      </span>
    );
  };
  const input = (field: DraftField, label: string, hint?: string | null) => {
    const value = draft[field as keyof DecisionDraft] as string;
    return (
      <label className="field">
        <span>
          {label}
          {hint && <small className="muted"> · {hint}</small>}
        </span>
        <input
          data-field={field}
          data-testid={FIELD_TEST_IDS[field]}
          inputMode={field === 'amountYuan' || field === 'fineYuan' ? 'decimal' : 'numeric'}
          value={value}
          aria-invalid={errors[field] ? true : undefined}
          onChange={(e) => set(field as 'amountYuan', e.target.value)}
        />
        {errorText(field)}
      </label>
    );
  };

  const amountHint =
    kind === 'refund_dispute' && limits.amountPaidFen !== null
      ? t('decision.limitPaid', { amount: f.money(limits.amountPaidFen) })
      : kind === 'merchant_complaint' && limits.reversalCeilingFen !== null
        ? t('decision.limitContested', { amount: f.money(limits.reversalCeilingFen) })
        : null;

  return (
    <form
      ref={formRef}
      className="decision-form"
      data-testid="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(true);
      }}
    >
      <fieldset className="outcomes" data-testid="decision-outcomes">
        <legend>
          {t('decision.outcome')} <small className="muted">{t('decision.hintNumbers')}</small>
        </legend>
        {outcomes.map((o, i) => (
          <label key={o} className={draft.outcome === o ? 'outcome outcome-checked' : 'outcome'}>
            <input
              type="radio"
              name={`${uid}-outcome`}
              value={o}
              checked={draft.outcome === o}
              data-field={draft.outcome === o ? 'outcome' : undefined}
              data-testid={`decision-outcome-${o}`}
              onChange={() => set('outcome', o)}
            />
            <kbd>{i === 9 ? 0 : i + 1}</kbd> {outcomeLabel(t, kind, o)}
          </label>
        ))}
        {errorText('outcome')}
      </fieldset>

      {c.kind === 'appeal' && draft.outcome === 'modify' && (
        <label className="field">
          <span>{t('decision.newPenalty')}</span>
          <select data-testid="decision-new-penalty" value={draft.penaltyType} onChange={(e) => set('penaltyType', e.target.value)}>
            <option value="">{t('decision.samePenaltyKind')}</option>
            {lighterPenaltyTypes(c.detail.contested.outcome.type).map((p) => (
              <option key={p} value={p}>
                {outcomeLabel(t, 'violation', p)}
              </option>
            ))}
          </select>
        </label>
      )}
      {extra.includes('days') && input('days', t('decision.days'), '1–90')}
      {extra.includes('points') && input('points', t('decision.points'), '1–48')}
      {kind === 'merchant_complaint' && draft.outcome === 'reverse' && (
        <div className="field-row">
          <label className="field">
            <span>{t('decision.extent')}</span>
            <select data-testid="decision-extent" value={draft.extent} onChange={(e) => set('extent', e.target.value === 'partial' ? 'partial' : 'full')}>
              <option value="full">{t('extent.full')}</option>
              <option value="partial">{t('extent.partial')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('decision.remedy')}</span>
            <select
              data-testid="decision-remedy"
              value={draft.remedy}
              onChange={(e) => set('remedy', COMPLAINT_REMEDIES.find((r) => r === e.target.value) ?? COMPLAINT_REMEDIES[0])}
            >
              {COMPLAINT_REMEDIES.map((r) => (
                <option key={r} value={r}>
                  {t(`remedy.${r}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {kind === 'refund_dispute' && draft.outcome === 'flag_malicious_buyer' && (
        <MatchCitation caseId={c.id} cited={cited} onCite={setCited} />
      )}
      {extra.includes('amountYuan') && input('amountYuan', t('decision.amount'), amountHint)}
      {extra.includes('fineYuan') && (
        <div className="field-row">
          {input('fineYuan', t('decision.fine'), limits.originalFineFen !== null ? t('decision.limitOriginalFine', { amount: f.money(limits.originalFineFen) }) : null)}
          {input('suspendDays', t('decision.suspendDays'), limits.originalSuspendDays !== null ? t('decision.limitOriginalDays', { days: limits.originalSuspendDays, count: limits.originalSuspendDays }) : null)}
        </div>
      )}

      <label className="field">
        <span>{t('decision.ruleRef')}</span>
        <input
          data-field="ruleRef"
          data-testid="decision-rule"
          className="mono"
          list={`${uid}-rules`}
          placeholder={t('decision.ruleRefPlaceholder', { example: RULE_EXAMPLES[kind] })}
          value={draft.ruleRef}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.ruleRef ? true : undefined}
          onChange={(e) => set('ruleRef', e.target.value)}
        />
        <datalist id={`${uid}-rules`}>
          {[...new Set([...suggestedRules, ...memory.recentRules(kind)])].map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        {suggestedRules.length > 0 && (
          <span className="rule-suggest small" data-testid="decision-rule-suggestions">
            {t('decision.suggestedRules')}{' '}
            {suggestedRules.map((r) => (
              // Out of the Tab order: from the rule field Tab goes straight to the reason; keyboard
              // users pick a suggested clause from the field's own list.
              <button key={r} type="button" tabIndex={-1} className="link mono" data-testid={`decision-rule-suggest-${r}`} onClick={() => set('ruleRef', r)}>
                {r}
              </button>
            ))}
          </span>
        )}
        {errorText('ruleRef')}
      </label>
      <label className="field">
        <span>{t('decision.reason')}</span>
        <textarea
          data-field="reason"
          data-testid="decision-reason"
          rows={3}
          placeholder={t('decision.reasonPlaceholder')}
          value={draft.reason}
          aria-invalid={errors.reason ? true : undefined}
          onChange={(e) => set('reason', e.target.value)}
        />
        {errorText('reason')}
      </label>
      <CheckPanel check={check} />
      {departure && (
        <label className="field">
          <span>{t('check.justification')}</span>
          <textarea
            data-field="justification"
            data-testid="decision-justification"
            rows={3}
            placeholder={t('check.justificationPlaceholder')}
            value={justification}
            aria-invalid={justError ? true : undefined}
            onChange={(e) => {
              setJustification(e.target.value);
              setJustError(false);
            }}
          />
          {justError && (
            <span className="field-error" role="alert" data-testid="decision-error-justification">
              {t('check.justificationRequired')}
            </span>
          )}
        </label>
      )}
      {carried && <p className="muted small" data-testid="decision-carried">{t('decision.carried')}</p>}
      {formError && (
        <p className="form-error" role="alert" data-testid="decision-error">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="button" data-testid="decision-submit" disabled={busy} onClick={() => void submit(false)}>
          {busy ? t('decision.submitting') : t('decision.submit')}
        </button>
        <button type="submit" className="primary" data-testid="decision-submit-next" disabled={busy}>
          {t('decision.submitNext')}
        </button>
      </div>
    </form>
  );
}
