import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES } from '../../../shared/domain';
import { FACT_FIELDS, isSeverity, type FactField, type FactsDraft, type TriState } from './factsDraft';

/** The label of a fact key; keys come from `FACT_FIELDS` and the i18n test checks each one. */
const factLabel = (t: TFunction, key: string): string => t(`facts.field.${key}` as 'facts.field.worn');

/** Checkboxes and fields for what the reviewer establishes from the evidence; every change re-asks the rulebook. */
export function FactsEditor({ draft, invalid, onChange }: { draft: FactsDraft; invalid: string[]; onChange: (d: FactsDraft) => void }) {
  const { t } = useTranslation();
  const uid = useId();
  const fields = FACT_FIELDS[draft.kind];
  const flags = fields.filter((f) => f.type === 'flag');
  const others = fields.filter((f) => f.type !== 'flag');

  const other = (f: FactField) => {
    const bad = invalid.includes(f.key);
    const id = `${uid}-${f.key}`;
    let control;
    if (f.type === 'tri') {
      control = (
        <select
          id={id}
          data-testid={`fact-${f.key}`}
          value={draft.tri[f.key] ?? 'case'}
          onChange={(e) => onChange({ ...draft, tri: { ...draft.tri, [f.key]: e.target.value as TriState } })}
        >
          <option value="case">{t('facts.asCase')}</option>
          <option value="yes">{t('facts.yes')}</option>
          <option value="no">{t('facts.no')}</option>
        </select>
      );
    } else if (f.type === 'severity') {
      control = (
        <select id={id} data-testid="fact-severity" value={draft.severity} onChange={(e) => onChange({ ...draft, severity: isSeverity(e.target.value) ? e.target.value : '' })}>
          <option value="">{t('facts.asCase')}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      );
    } else {
      control = (
        <input
          id={id}
          data-testid={`fact-${f.key}`}
          inputMode={f.type === 'int' ? 'numeric' : 'decimal'}
          placeholder={t('facts.asCase')}
          value={draft.text[f.key] ?? ''}
          aria-invalid={bad ? true : undefined}
          onChange={(e) => onChange({ ...draft, text: { ...draft.text, [f.key]: e.target.value } })}
        />
      );
    }
    return (
      <label key={f.key} className="field fact-field" htmlFor={id}>
        <span>
          {factLabel(t, f.key)}
          {f.type === 'yuan' && <small className="muted"> (¥)</small>}
          {f.type === 'percent' && <small className="muted"> (%)</small>}
        </span>
        {control}
        {bad && (
          <span className="field-error" role="alert" data-testid={`fact-error-${f.key}`}>
            {t('facts.invalid')}
          </span>
        )}
      </label>
    );
  };

  return (
    <fieldset className="facts-editor" data-testid="facts-editor">
      <legend>{t('facts.title')}</legend>
      <div className="fact-flags">
        {flags.map((f) => (
          <label key={f.key} className="toggle">
            <input
              type="checkbox"
              data-testid={`fact-${f.key}`}
              checked={draft.flags[f.key] ?? false}
              onChange={(e) => onChange({ ...draft, flags: { ...draft.flags, [f.key]: e.target.checked } })}
            />{' '}
            {factLabel(t, f.key)}
          </label>
        ))}
      </div>
      {others.length > 0 && <div className="fact-fields">{others.map(other)}</div>}
    </fieldset>
  );
}
