import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { CaseRow } from '../../../shared/api';
import type { Format } from '../shell/useFormat';
import { slaStanding } from '../case/caseValues';

/**
 * The queue's cells as plain DOM renderers: a sort or filter repaints a screenful of rows at
 * once, and AG Grid renders plain components without a React root per cell (its documented
 * advice for fast grids). They build the same markup the reviewer saw from React cells.
 */

/** What every queue cell reads: the language, and the one clock shared with the case view. */
export interface CellContext {
  t: TFunction;
  f: Format;
  /** The shared clock's last tick (useNow), so grid and case view count down together. */
  now: () => number;
}

type Params = ICellRendererParams<CaseRow> & { cells: CellContext };

/**
 * One cell, its element the content itself (as the React cells rendered it): `draw` dresses it
 * from its row; while the row's block loads it stays bare, or says so (`loading`). Refresh redraws in place.
 */
abstract class QueueCell implements ICellRendererComp<CaseRow> {
  protected readonly el = document.createElement('span');
  protected abstract draw(row: CaseRow, cells: CellContext): void;
  protected loading?(cells: CellContext): void;

  init(params: Params): void {
    this.paint(params);
  }
  getGui(): HTMLElement {
    return this.el;
  }
  refresh(params: Params): boolean {
    this.paint(params);
    return true;
  }
  private paint(params: Params): void {
    for (const a of Array.from(this.el.attributes)) this.el.removeAttribute(a.name);
    this.el.replaceChildren();
    if (params.data) this.draw(params.data, params.cells);
    else this.loading?.(params.cells);
  }
  protected dress(className: string, text: string): void {
    this.el.className = className;
    this.el.textContent = text;
  }
}

function marker(className: string, text: string, testId: string): HTMLSpanElement {
  const m = document.createElement('span');
  m.className = className;
  m.textContent = text;
  m.dataset.testid = testId;
  return m;
}

/** SLA as a countdown; overdue in red, due within two hours in amber; a closed case's SLA met or missed (by its last change). */
export class SlaCellRenderer extends QueueCell {
  protected draw(row: CaseRow, { t, f, now }: CellContext): void {
    const { state, text } = slaStanding(row.slaDueAt, row.status, row.updatedAt, now(), t, f);
    this.dress(`sla sla-${state}`, text);
    this.el.dataset.sla = state;
    this.el.title = f.dateTime(row.slaDueAt);
  }
}

export class AgeCellRenderer extends QueueCell {
  protected draw(row: CaseRow, { f, now }: CellContext): void {
    this.el.textContent = f.duration(now() - row.createdAt);
    this.el.title = f.dateTime(row.createdAt);
  }
}

/** The title, led by the reviewer's own overlay: a decision waiting to be pushed, or one that came back as a conflict. */
export class TitleCellRenderer extends QueueCell {
  protected draw(row: CaseRow, { t }: CellContext): void {
    this.el.className = 'markers';
    if (row.pending) this.el.append(marker('marker marker-pending', t('grid.pending'), 'row-pending'));
    if (row.inConflict) this.el.append(marker('marker marker-conflict', t('grid.conflict'), 'row-conflict'));
    const title = document.createElement('span');
    title.className = 'title-text';
    title.textContent = row.title;
    this.el.append(title);
  }
  /** A row whose block is on its way says so, rather than looking like an empty queue. */
  protected override loading({ t }: CellContext): void {
    this.dress('cell-loading', t('grid.loading'));
  }
}

export class PriorityCellRenderer extends QueueCell {
  protected draw(row: CaseRow): void {
    this.dress(`priority priority-${row.priority}`, `P${row.priority}`);
  }
}

export class SeverityCellRenderer extends QueueCell {
  protected draw(row: CaseRow, { t }: CellContext): void {
    if (row.severity) this.dress(`severity severity-${row.severity}`, t(`severity.${row.severity}`));
  }
}

export class StatusCellRenderer extends QueueCell {
  protected draw(row: CaseRow, { t }: CellContext): void {
    this.dress(`status status-${row.status}`, t(`status.${row.status}`));
  }
}
