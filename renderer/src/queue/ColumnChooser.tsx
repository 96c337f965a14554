import { useTranslation } from 'react-i18next';
import type { CaseKind } from '../../../shared/domain';
import { columnsOf, toggleColumn, type ColumnChoice } from './columnChoice';
import { columnHeader } from './columns';

/** "Columns…": show or hide each queue column; the choice is the reviewer's own (prefs). */
export function ColumnChooser({ kind, choice, onChange, onReset }: { kind: CaseKind; choice: ColumnChoice; onChange: (c: ColumnChoice) => void; onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <details className="multi column-chooser" data-testid="column-chooser">
      <summary>{t('screen.columns.button')}</summary>
      <fieldset className="multi-options" aria-label={t('screen.columns.title')}>
        {columnsOf(kind).map((c) => (
          <label key={c} title={c === 'amountFen' ? t(`screen.amountTitle.${kind}`) : undefined}>
            <input type="checkbox" data-testid={`column-${c}`} checked={choice.visible.includes(c)} onChange={() => onChange(toggleColumn(choice, c, kind))} />
            {columnHeader(c, kind, t)}
          </label>
        ))}
        <button type="button" className="link" data-testid="column-reset" onClick={onReset}>
          {t('screen.columns.reset')}
        </button>
      </fieldset>
    </details>
  );
}
