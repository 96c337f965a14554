import type { ColDef } from 'ag-grid-community';
import type { CaseRow } from '../../../shared/api';
import type { CaseKind, Role } from '../../../shared/domain';
import { isMe } from '../bulk/bulkPlan';
import { AgeCellRenderer, PriorityCellRenderer, SeverityCellRenderer, SlaCellRenderer, StatusCellRenderer, TitleCellRenderer, type CellContext } from './cellRenderers';
import { SORTABLE_COLUMNS } from './gridQuery';

export interface ColumnContext {
  kind: CaseKind;
  role: Role;
  me: { id: string; name: string };
  cells: CellContext;
}

/**
 * The columns of a queue. Only the contract's sort columns are sortable (the core sorts);
 * severity belongs to violations; supervisors, who audit, also see when a case last changed.
 */
export function queueColumns({ kind, role, me, cells }: ColumnContext): ColDef<CaseRow>[] {
  const { t, f } = cells;
  const sortable = (colId: string) => colId in SORTABLE_COLUMNS;
  const cellRendererParams = { cells };
  const cols: (ColDef<CaseRow> | false)[] = [
    { colId: 'slaDueAt', field: 'slaDueAt', headerName: t('grid.col.sla'), cellRenderer: SlaCellRenderer, cellRendererParams, width: 144 },
    { colId: 'priority', field: 'priority', headerName: t('grid.col.priority'), cellRenderer: PriorityCellRenderer, cellRendererParams, width: 74 },
    // The reviewer's own markers (pending push, conflict) lead the title rather than taking a column.
    { colId: 'title', field: 'title', headerName: t('grid.col.title'), cellRenderer: TitleCellRenderer, cellRendererParams, flex: 2, minWidth: 180 },
    kind === 'violation' && { colId: 'severity', field: 'severity', headerName: t('grid.col.severity'), cellRenderer: SeverityCellRenderer, cellRendererParams, width: 100 },
    {
      colId: 'amountFen', field: 'amountFen', headerName: t('grid.col.amount'), width: 108, type: 'rightAligned',
      valueFormatter: (p) => (typeof p.value === 'number' ? f.money(p.value) : ''),
    },
    { colId: 'merchantName', field: 'merchantName', headerName: t('grid.col.merchant'), flex: 1, minWidth: 120 },
    { colId: 'status', field: 'status', headerName: t('grid.col.status'), cellRenderer: StatusCellRenderer, cellRendererParams, width: 84 },
    {
      colId: 'leaseHolder', field: 'leaseHolder', headerName: t('grid.col.lease'), width: 84,
      valueFormatter: (p) => (typeof p.value === 'string' ? (isMe(p.value, me) ? t('grid.mine') : p.value) : ''),
    },
    { colId: 'age', field: 'createdAt', headerName: t('grid.col.age'), cellRenderer: AgeCellRenderer, cellRendererParams, width: 92 },
    { colId: 'category', field: 'category', headerName: t('grid.col.category'), width: 88, valueFormatter: (p) => (p.value ? t(`category.${p.data?.category ?? 'other'}`) : '') },
    { colId: 'region', field: 'region', headerName: t('grid.col.region'), width: 72, valueFormatter: (p) => (p.value ? t(`region.${p.data?.region ?? 'other'}`) : '') },
    role === 'supervisor' && {
      colId: 'updatedAt', field: 'updatedAt', headerName: t('grid.col.updated'), width: 140,
      valueFormatter: (p) => (typeof p.value === 'number' ? f.dateTime(p.value) : ''),
    },
  ];
  return cols.filter((c): c is ColDef<CaseRow> => c !== false).map((c) => ({ ...c, sortable: sortable(c.colId ?? '') }));
}
