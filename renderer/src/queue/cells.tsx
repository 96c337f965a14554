import type { CustomCellRendererProps } from 'ag-grid-react';
import { useTranslation } from 'react-i18next';
import type { CaseRow } from '../../../shared/api';
import { slaState } from '../format/time';
import { useFormat } from '../shell/useFormat';
import { useNow } from '../shell/useNow';

type Props = CustomCellRendererProps<CaseRow>;

/** SLA as a countdown; overdue in red, due within two hours in amber. */
export function SlaText({ dueAt, now }: { dueAt: number; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = slaState(dueAt, now);
  const text = state === 'breached' ? t('sla.overdue', { duration: f.duration(now - dueAt) }) : t('sla.left', { duration: f.duration(dueAt - now) });
  return (
    <span className={`sla sla-${state}`} data-sla={state} title={f.dateTime(dueAt)}>
      {text}
    </span>
  );
}

export function SlaCell({ data }: Props) {
  const now = useNow();
  return data ? <SlaText dueAt={data.slaDueAt} now={now} /> : null;
}

export function AgeCell({ data }: Props) {
  const now = useNow();
  const f = useFormat();
  return data ? <span title={f.dateTime(data.createdAt)}>{f.duration(now - data.createdAt)}</span> : null;
}

/** The title, led by the reviewer's own overlay: a decision waiting to be pushed, or one that came back as a conflict. */
export function TitleCell({ data }: Props) {
  const { t } = useTranslation();
  if (!data) return null;
  return (
    <span className="markers">
      {data.pending && (
        <span className="marker marker-pending" data-testid="row-pending">
          {t('grid.pending')}
        </span>
      )}
      {data.inConflict && (
        <span className="marker marker-conflict" data-testid="row-conflict">
          {t('grid.conflict')}
        </span>
      )}
      <span className="title-text">{data.title}</span>
    </span>
  );
}

export function PriorityCell({ data }: Props) {
  if (!data) return null;
  return <span className={`priority priority-${data.priority}`}>P{data.priority}</span>;
}

export function SeverityCell({ data }: Props) {
  const { t } = useTranslation();
  if (!data?.severity) return null;
  return <span className={`severity severity-${data.severity}`}>{t(`severity.${data.severity}`)}</span>;
}

export function StatusCell({ data }: Props) {
  const { t } = useTranslation();
  if (!data) return null;
  return <span className={`status status-${data.status}`}>{t(`status.${data.status}`)}</span>;
}
