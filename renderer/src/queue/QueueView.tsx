import type { GridApi } from 'ag-grid-community';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CaseRow, QueueFilter, Session } from '../../../shared/api';
import { canDecide, type CaseKind } from '../../../shared/domain';
import { BulkDialog } from '../bulk/BulkDialog';
import { CaseView } from '../case/CaseView';
import { CheckoutDialog } from '../checkout/CheckoutDialog';
import { useCommand } from '../shell/commands';
import { useFormat } from '../shell/useFormat';
import { FilterBar } from './FilterBar';
import { normalizeFilter } from './gridQuery';
import { QueueGrid, type QueueNav } from './QueueGrid';
import { usePrefetchNext } from './usePrefetchNext';
import { useSavedFilters } from './useSavedFilters';
import { ColumnChooser } from './ColumnChooser';
import { useColumnChoice } from './useColumnChoice';
import { ErrorText } from '../shell/ErrorNotice';

const MemoCaseView = memo(CaseView);

export interface QueueViewProps {
  kind: CaseKind;
  session: Session;
  active: boolean;
  /** A case to open that did not come from the grid (the conflict inbox). */
  openRequest: { caseId: string; nonce: number } | null;
}

/** One queue: filters, the grid, and the case view beside it. */
export function QueueView({ kind, session, active, openRequest }: QueueViewProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = session.staff;
  const saved = useSavedFilters(kind, me.role);
  const columns = useColumnChoice(kind, me.role);
  const { choice: columnChoice, save: saveColumns } = columns;
  const onColumnWidth = useCallback(
    (colId: string, width: number) => {
      if (columnChoice) saveColumns({ ...columnChoice, widths: { ...columnChoice.widths, [colId]: width } });
    },
    [columnChoice, saveColumns],
  );
  const [filter, setFilter] = useState<QueueFilter>({});
  const [applied, setApplied] = useState<QueueFilter | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [gridError, setGridError] = useState<ApiError | null>(null);
  const [selection, setSelection] = useState<CaseRow[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [checkoutOpen, setCheckoutOpen] = useState(false);
  const gridApi = useRef<GridApi<CaseRow> | null>(null);
  const nav = useRef<QueueNav | null>(null);
  const selectable = kind === 'violation' && canDecide(me.role, kind);
  const mayCheckOut = canDecide(me.role, kind);

  // Start from the filter the reviewer last used here.
  useEffect(() => {
    if (saved.initial && applied === null) {
      setFilter(saved.initial);
      setApplied(saved.initial);
    }
  }, [saved.initial, applied]);

  // Typing a merchant id should not query per keystroke; every other filter change applies in
  // the same event (a wait alone would eat into the 150 ms budget from click to rows). Equal
  // filters keep the same object. Nothing is applied or remembered before the saved filter was read.
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (typing.current) clearTimeout(typing.current);
  }, []);
  const changeFilter = (changed: QueueFilter) => {
    setFilter(changed);
    if (applied === null) return;
    const next = normalizeFilter(changed);
    const apply = () => {
      setApplied((prev) => (prev !== null && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      saved.remember(next);
    };
    if (typing.current) clearTimeout(typing.current);
    typing.current = null;
    if ((next.merchantId ?? '') !== (applied.merchantId ?? '')) typing.current = setTimeout(apply, 250);
    else apply();
  };

  useEffect(() => {
    if (openRequest) setCaseId(openRequest.caseId);
  }, [openRequest]);

  // Moves from the case shown, by id: rows shift when a decided case leaves the queue.
  const move = (delta: number) => nav.current?.step(delta);
  // Stable callbacks for the memoised grid and case view: a new count or selection re-renders
  // this view, and neither the grid nor the case view has anything to redo for it.
  const advance = useCallback(() => nav.current?.step(1), []);
  const peekNext = useCallback(() => nav.current?.peek(1) ?? null, []);
  usePrefetchNext(kind, caseId, peekNext, canDecide(me.role, kind));
  const onGridReady = useCallback((api: GridApi<CaseRow>, n: QueueNav) => {
    gridApi.current = api;
    nav.current = n;
  }, []);
  const onCurrent = useCallback((row: CaseRow) => setCaseId(row.id), []);
  const focusGrid = () => nav.current?.focusCurrent();

  useCommand('next', () => move(1), active);
  useCommand('prev', () => move(-1), active);
  useCommand('focusGrid', focusGrid, active);
  useCommand('escape', () => focusGrid(), active);
  useCommand(
    'focusFilter',
    () => document.querySelector<HTMLElement>(`[data-testid="queue-${kind}"] [data-filter-focus]`)?.focus(),
    active,
  );
  useCommand(
    'toggleSelect',
    () => {
      const api = gridApi.current;
      const index = api?.getFocusedCell()?.rowIndex;
      if (!api || typeof index !== 'number') return;
      const node = api.getDisplayedRowAtIndex(index);
      node?.setSelected(!node.isSelected());
    },
    active && selectable,
  );
  useCommand('bulk', () => setBulkOpen(true), active && selectable && !bulkOpen && !checkoutOpen);
  useCommand('checkout', () => setCheckoutOpen(true), active && mayCheckOut && !bulkOpen && !checkoutOpen);

  return (
    <div className="queue-view" data-testid={`queue-${kind}`} hidden={!active}>
      <div className="queue-left">
        <FilterBar kind={kind} filter={filter} onChange={changeFilter} saved={saved.saved} onSave={(name) => saved.save(name, filter)} onRemove={saved.remove} />
        <div className="queue-toolbar">
          <span data-testid="queue-count">{count === null ? '' : t('grid.count', { formatted: f.number(count) })}</span>
          {gridError && (
            <ErrorText inline sentence={t('grid.loadError', { message: f.error(gridError) })} detail={f.errorDetail(gridError)} testId="grid-error" />
          )}
          {columnChoice && <ColumnChooser kind={kind} choice={columnChoice} onChange={saveColumns} onReset={columns.reset} />}
          {mayCheckOut && (
            <button type="button" data-testid="checkout-start" onClick={() => setCheckoutOpen(true)}>
              {t('checkout.open')}
            </button>
          )}
          {selectable && selection.length > 0 && (
            <span className="bulk-bar" data-testid="bulk-bar">
              {t('bulk.selected', { count: selection.length })}
              <button type="button" data-testid="bulk-start" onClick={() => setBulkOpen(true)}>
                {t('bulk.start')}
              </button>
              <button type="button" className="link" data-testid="bulk-clear" onClick={() => gridApi.current?.deselectAll()}>
                {t('bulk.clear')}
              </button>
            </span>
          )}
        </div>
        {applied !== null && columnChoice !== null && (
          <QueueGrid
            kind={kind}
            me={me}
            filter={applied}
            columns={columnChoice}
            onColumnWidth={onColumnWidth}
            selectable={selectable}
            currentId={caseId}
            onReady={onGridReady}
            onCurrent={onCurrent}
            onSelection={setSelection}
            onCount={setCount}
            onError={setGridError}
          />
        )}
      </div>
      <MemoCaseView caseId={caseId} kind={kind} session={session} active={active && !bulkOpen && !checkoutOpen} onAdvance={advance} />
      {bulkOpen && (
        <BulkDialog
          rows={selection}
          session={session}
          onClose={() => setBulkOpen(false)}
          // The decisions come back as data.changed: the grid refreshes with that burst.
          onFinished={() => gridApi.current?.deselectAll()}
        />
      )}
      {checkoutOpen && <CheckoutDialog kind={kind} filter={applied ?? {}} selection={selection} onClose={() => setCheckoutOpen(false)} />}
    </div>
  );
}
