import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/useFormat';
import { slaLabel } from './cellRenderers';

/** SLA as a countdown; overdue in red, due within two hours in amber (the grid's SLA cell draws the same). */
export function SlaText({ dueAt, now }: { dueAt: number; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { state, text } = slaLabel(dueAt, now, t, f);
  return (
    <span className={`sla sla-${state}`} data-sla={state} title={f.dateTime(dueAt)}>
      {text}
    </span>
  );
}
