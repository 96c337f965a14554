import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { CaseRow } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { isMe } from '../bulk/bulkPlan';
import { stillRunning } from '../case/caseValues';
import { AgeCellRenderer, PriorityCellRenderer, SeverityCellRenderer, SlaCellRenderer, StatusCellRenderer, TitleCellRenderer, type CellContext } from './cellRenderers';
import type { ChoosableColumn, ColumnChoice } from './columnChoice';
import { SORTABLE_COLUMNS } from './gridQuery';

export interface ColumnContext {
  kind: CaseKind;
  me: { id: string; name: string };
  cells: CellContext;
  /** Which columns show, and the widths the reviewer set. */
  choice: ColumnChoice;
}

/** A column's header: the amount says what it is in this queue (a proposed fine, the refund asked…). */
export function columnHeader(colId: ChoosableColumn | 'title', kind: CaseKind, t: TFunction): string {
  switch (colId) {
    case 'slaDueAt': return t('grid.col.sla');
    case 'priority': return t('grid.col.priority');
    case 'title': return t('grid.col.title');
    case 'severity': return t('grid.col.severity');
    case 'amountFen': return t(`screen.amountHeader.${kind}`);
    case 'merchantName': return t('grid.col.merchant');
    case 'status': return t('grid.col.status');
    case 'leaseHolder': return t('grid.col.lease');
    case 'age': return t('grid.col.age');
    case 'category': return t('grid.col.category');
    case 'region': return t('grid.col.region');
    case 'updatedAt': return t('grid.col.updated');
  }
}

/**
 * The columns of a queue, shown as the reviewer chose (columnChoice.ts). Only the contract's
 * sort columns are sortable (the core sorts); widths are as narrow as their content allows,
 * so that a role's default columns fit beside the case view at 1440 px.
 */
export function queueColumns({ kind, me, cells, choice }: ColumnContext): ColDef<CaseRow>[] {
  const { t, f } = cells;
  const cellRendererParams = { cells };
  const cols: ColDef<CaseRow>[] = [
    { colId: 'slaDueAt', field: 'slaDueAt', cellRenderer: SlaCellRenderer, cellRendererParams, width: 136 },
    { colId: 'priority', field: 'priority', cellRenderer: PriorityCellRenderer, cellRendererParams, width: 64 },
    // The reviewer's own markers (pending push, conflict) lead the title rather than taking a column.
    { colId: 'title', field: 'title', cellRenderer: TitleCellRenderer, cellRendererParams, flex: 2, minWidth: 140 },
    { colId: 'severity', field: 'severity', cellRenderer: SeverityCellRenderer, cellRendererParams, width: 76 },
    {
      // The header says what the amount is; a violation's, still a proposal of the ladder, is set in muted italics.
      colId: 'amountFen', field: 'amountFen', width: 104, type: 'rightAligned',
      cellClassRules: { 'amount-proposed': (p) => kind === 'violation' && p.data !== undefined && stillRunning(p.data.status) },
      valueFormatter: (p) => (p.data ? (p.data.amountFen > 0 ? f.money(p.data.amountFen) : t('screen.none')) : ''),
    },
    { colId: 'merchantName', field: 'merchantName', flex: 1, minWidth: 96 },
    { colId: 'status', field: 'status', cellRenderer: StatusCellRenderer, cellRendererParams, width: 76 },
    {
      colId: 'leaseHolder', field: 'leaseHolder', width: 76,
      valueFormatter: (p) => (typeof p.value === 'string' ? (isMe(p.value, me) ? t('grid.mine') : p.value) : ''),
    },
    { colId: 'age', field: 'createdAt', cellRenderer: AgeCellRenderer, cellRendererParams, width: 84 },
    { colId: 'category', field: 'category', width: 80, valueFormatter: (p) => (p.value ? t(`category.${p.data?.category ?? 'other'}`) : '') },
    { colId: 'region', field: 'region', width: 64, valueFormatter: (p) => (p.value ? t(`region.${p.data?.region ?? 'other'}`) : '') },
    {
      colId: 'updatedAt', field: 'updatedAt', width: 128,
      valueFormatter: (p) => (typeof p.value === 'number' ? f.dateTime(p.value) : ''),
    },
  ];
  const shown = new Set<string>(['title', ...choice.visible]);
  return cols
    .filter((c) => c.colId !== 'severity' || kind === 'violation')
    .map((c) => {
      const id = (c.colId ?? '') as ChoosableColumn | 'title';
      const width = choice.widths[id];
      return {
        ...c,
        headerName: columnHeader(id, kind, t),
        hide: !shown.has(id),
        sortable: id in SORTABLE_COLUMNS,
        ...(width !== undefined ? { width, flex: undefined } : {}),
      };
    });
}
