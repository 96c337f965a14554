import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilter } from '../../../shared/api';
import { CASE_STATUSES, PRODUCT_CATEGORIES, REGIONS, SEVERITIES, type CaseKind } from '../../../shared/domain';
import { filterIsEmpty, normalizeFilter } from './gridQuery';
import type { SavedFilter } from './savedFilters';

function MultiSelect<T extends string>(props: {
  label: string;
  options: readonly T[];
  selected: readonly T[] | undefined;
  labelOf: (v: T) => string;
  onChange: (next: T[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const chosen = props.selected ?? [];
  const summary = chosen.length === 0 ? t('filter.any') : chosen.length === 1 ? props.labelOf(chosen[0] as T) : t('filter.selected', { count: chosen.length });
  return (
    <details className="multi" data-testid={props.testId}>
      <summary className={chosen.length ? 'multi-active' : undefined}>
        {props.label}: <strong>{summary}</strong>
      </summary>
      <div className="multi-options">
        {props.options.map((o) => (
          <label key={o}>
            <input
              type="checkbox"
              data-testid={`${props.testId}-${o}`}
              checked={chosen.includes(o)}
              onChange={(e) => props.onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {props.labelOf(o)}
          </label>
        ))}
      </div>
    </details>
  );
}

export interface FilterBarProps {
  kind: CaseKind;
  filter: QueueFilter;
  onChange: (f: QueueFilter) => void;
  saved: SavedFilter[];
  onSave: (name: string) => void;
  onRemove: (name: string) => void;
}

/** The queue's filters: set-like choices of exactly the contract's filters (AG Grid's own filters would filter in memory). */
export function FilterBar({ kind, filter, onChange, saved, onSave, onRemove }: FilterBarProps) {
  const { t } = useTranslation();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const patch = (p: Partial<QueueFilter>) => onChange(normalizeFilter({ ...filter, ...p }));
  const current = saved.find((s) => JSON.stringify(s.filter) === JSON.stringify(normalizeFilter(filter)));

  return (
    <div className="filter-bar" data-testid="filter-bar" role="search">
      <MultiSelect label={t('filter.status')} options={CASE_STATUSES} selected={filter.status} labelOf={(v) => t(`status.${v}`)} onChange={(v) => patch({ status: v })} testId="filter-status" />
      <MultiSelect label={t('filter.category')} options={PRODUCT_CATEGORIES} selected={filter.category} labelOf={(v) => t(`category.${v}`)} onChange={(v) => patch({ category: v })} testId="filter-category" />
      <MultiSelect label={t('filter.region')} options={REGIONS} selected={filter.region} labelOf={(v) => t(`region.${v}`)} onChange={(v) => patch({ region: v })} testId="filter-region" />
      {kind === 'violation' && (
        <MultiSelect label={t('filter.severity')} options={SEVERITIES} selected={filter.severity} labelOf={(v) => t(`severity.${v}`)} onChange={(v) => patch({ severity: v })} testId="filter-severity" />
      )}
      <label className="toggle">
        <input type="checkbox" data-testid="filter-breached" checked={filter.slaBreached ?? false} onChange={(e) => patch({ slaBreached: e.target.checked })} />
        {t('filter.breached')}
      </label>
      <label className="toggle">
        <input type="checkbox" data-testid="filter-mine" checked={filter.mine ?? false} onChange={(e) => patch({ mine: e.target.checked })} />
        {t('filter.mine')}
      </label>
      <input
        className="merchant-filter mono"
        data-testid="filter-merchant"
        data-filter-focus
        aria-label={t('filter.merchant')}
        placeholder={t('filter.merchantPlaceholder')}
        value={filter.merchantId ?? ''}
        onChange={(e) => onChange({ ...filter, merchantId: e.target.value })}
      />
      {!filterIsEmpty(filter) && (
        <button type="button" className="link" data-testid="filter-clear" onClick={() => onChange({})}>
          {t('filter.clear')}
        </button>
      )}
      <span className="spacer" />
      <label className="saved">
        {t('filter.saved')}{' '}
        <select
          data-testid="filter-saved"
          value={current?.name ?? ''}
          onChange={(e) => {
            const s = saved.find((x) => x.name === e.target.value);
            if (s) onChange(s.filter);
          }}
        >
          <option value="">{t('filter.savedNone')}</option>
          {saved.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <button type="button" className="link" data-testid="filter-delete" onClick={() => onRemove(current.name)}>
          {t('filter.delete')}
        </button>
      )}
      {naming ? (
        <form
          className="save-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) onSave(name.trim());
            setNaming(false);
            setName('');
          }}
        >
          <input autoFocus data-testid="filter-save-name" placeholder={t('filter.saveName')} maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit">{t('filter.save')}</button>
        </form>
      ) : (
        !filterIsEmpty(filter) && !current && (
          <button type="button" data-testid="filter-save" onClick={() => setNaming(true)}>
            {t('filter.save')}
          </button>
        )
      )}
    </div>
  );
}
