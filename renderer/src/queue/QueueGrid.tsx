import {
  CellStyleModule, EventApiModule, InfiniteRowModelModule, LocaleModule, ModuleRegistry, RenderApiModule, RowApiModule, RowSelectionModule, RowStyleModule,
  ScrollApiModule, ValidationModule, themeQuartz, type CellClickedEvent, type CellFocusedEvent, type ColDef, type GetRowIdParams, type GridApi, type GridReadyEvent, type IDatasource,
  type ColumnResizedEvent, type ModelUpdatedEvent, type RowClassParams, type RowClassRules, type SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { hashKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CaseRow, QueueFilter } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import type { ConsoleClient } from '../api/client';
import { useApi } from '../api/context';
import { ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';
import { formatters } from '../shell/useFormat';
import { useNow } from '../shell/useNow';
import { resyncTarget, stepTarget, type NavState } from './caseNav';
import type { ChoosableColumn, ColumnChoice } from './columnChoice';
import { queueColumns } from './columns';
import { DEFAULT_SORT, PageAnchors, lastRowFor, toPageQuery, type GridSortItem } from './gridQuery';

// Only what the queues use (smaller bundle); without InfiniteRowModelModule no rows render.
ModuleRegistry.registerModules([
  InfiniteRowModelModule, RowSelectionModule, CellStyleModule, RowStyleModule, LocaleModule, ScrollApiModule, RowApiModule, RenderApiModule,
  EventApiModule, ...(import.meta.env.DEV ? [ValidationModule] : []),
]);

const gridTheme = themeQuartz.withParams({
  spacing: 5,
  fontSize: 13,
  headerFontSize: 12,
  rowHeight: 32,
  headerHeight: 34,
  fontFamily: 'inherit',
  accentColor: '#1f6feb',
});

/**
 * AG Grid injects its theme as <style> elements; the CSP admits only those carrying the
 * document's nonce (shared/web/csp.ts), which the host writes into Vite's
 * `<meta property="csp-nonce">`. Read through the property: browsers hide the attribute.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

// Grid options as constants: AG Grid React re-applies any prop whose identity changes, and a new
// defaultColDef or rowClassRules re-processes every column or row on each render of the queue.
const defaultColDef: ColDef<CaseRow> = { resizable: true, suppressMovable: true, sortingOrder: ['asc', 'desc', null] };
const rowClassRules: RowClassRules<CaseRow> = { 'row-conflict': (p: RowClassParams<CaseRow>) => p.data?.inConflict === true };
const getRowId = (p: GetRowIdParams<CaseRow>) => p.data.id;
const multiRowSelection = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } as const;
/** Columns whose text counts down with the clock. */
const CLOCK_COLUMNS = ['slaDueAt', 'age'];

/**
 * Block requests for one query (kind and filter). The count comes from the query cache, so
 * every block of a load or a refresh shares one question; `anchors` lets the block after a
 * loaded one continue from its last row.
 */
function makeDatasource(api: ConsoleClient, kind: CaseKind, filter: QueueFilter, count: () => Promise<number | null>, anchors: PageAnchors, onError: (e: ApiError | null) => void): IDatasource {
  return {
    getRows(p) {
      const sortModel = p.sortModel as GridSortItem[];
      const byOffset = toPageQuery(kind, sortModel, filter, p.startRow, p.endRow);
      // The block after a loaded one continues from its anchor: a seek, whatever the depth.
      const anchor = anchors.request(byOffset.sort ?? DEFAULT_SORT, p.startRow);
      const query = anchor.after === undefined ? byOffset : toPageQuery(kind, sortModel, filter, p.startRow, p.endRow, anchor.after);
      const fetchPage = async () => {
        const first = await api.invoke('queue.page', query);
        // An anchor the core refuses (e.g. from an older build) costs a walk, never the block.
        return !first.ok && first.error.code === 'invalid_input' && query.after !== undefined ? api.invoke('queue.page', byOffset) : first;
      };
      void Promise.all([fetchPage(), count()]).then(([page, total]) => {
        if (!page.ok) {
          onError(page.error);
          p.failCallback();
          return;
        }
        onError(null);
        anchor.record(page.value.rows.length, page.value.anchor);
        p.successCallback(page.value.rows, lastRowFor(p.startRow, query.limit, page.value.rows.length, total));
      });
    },
  };
}

/** Keyboard navigation that follows the case shown (see caseNav.ts). */
export interface QueueNav {
  /** Highlights and opens the row `delta` rows from the case shown. */
  step: (delta: number) => void;
  /** Gives the grid the keyboard focus, on the row of the case shown if it has one. */
  focusCurrent: () => void;
  /** The loaded row `delta` rows from the case shown (where J or "decide and next" would go), if any. */
  peek: (delta: number) => CaseRow | null;
}

export interface QueueGridProps {
  kind: CaseKind;
  me: { id: string; name: string };
  filter: QueueFilter;
  /** The columns the reviewer shows, and their widths. */
  columns: ColumnChoice;
  /** A column the reviewer resized by hand: its new width, to keep. */
  onColumnWidth: (colId: ChoosableColumn | 'title', width: number) => void;
  /** Row selection for bulk actions (violations, for those who may decide them). */
  selectable: boolean;
  /** The case the view beside the grid shows (opened here or from elsewhere, e.g. the inbox). */
  currentId: string | null;
  onReady: (api: GridApi<CaseRow>, nav: QueueNav) => void;
  onCurrent: (row: CaseRow, index: number) => void;
  onSelection: (rows: CaseRow[]) => void;
  onCount: (count: number | null) => void;
  onError: (e: ApiError | null) => void;
}

/** Memoised: the queue view re-renders on every count or selection; the grid needs none of those. */
export const QueueGrid = memo(function QueueGrid(props: QueueGridProps) {
  const { kind, me, filter, columns, selectable, currentId } = props;
  const { t, i18n } = useTranslation();
  const api = useApi();
  const gridApi = useRef<GridApi<CaseRow> | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  /** The row index focused before its block arrived: opened when the block lands. */
  const waitingIndex = useRef<number | null>(null);
  /** The case shown, set the moment the grid opens one (the parent's prop lags a render behind). */
  const shownId = useRef<string | null>(currentId);
  /** Where the case shown last stood in the grid: after it leaves the queue, its successor is there. */
  const anchor = useRef<{ id: string; index: number } | null>(null);
  /** A row focused only to move the highlight after a refresh: its cellFocused must not open it. */
  const silentIndex = useRef<number | null>(null);
  /** A J/K pressed while the grid had no rows yet. */
  const pendingStep = useRef<number | null>(null);
  const container = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    shownId.current = currentId;
  }, [currentId]);

  // The queue's count: one question per query, asked again when a burst of changes of this
  // kind ends (data/invalidation.ts); until the new answer, the old count stays shown.
  const queryClient = useQueryClient();
  const countQuery = useMemo(
    () => ({
      queryKey: queryKeys.queueCount(kind, filter),
      queryFn: async () => (await ask(api, 'queue.count', { kind, filter })).count,
    }),
    [api, kind, filter],
  );
  const count = useQuery(countQuery);
  useEffect(() => {
    latest.current.onCount(count.data ?? null);
  }, [count.data]);
  const anchors = useMemo(() => new PageAnchors(), [kind, filter]);
  const datasource = useMemo(() => {
    // A block joins a count being asked again (a refresh), else takes the one shown: a block
    // never starts a count of its own once there is one.
    const total = () => {
      const asking = queryClient.getQueryCache().find({ queryKey: countQuery.queryKey, exact: true })?.state.fetchStatus === 'fetching';
      return (asking ? queryClient.fetchQuery(countQuery) : queryClient.ensureQueryData(countQuery)).catch(() => null);
    };
    return makeDatasource(api, kind, filter, total, anchors, (e) => latest.current.onError(e));
  }, [api, kind, filter, queryClient, countQuery, anchors]);

  // The grid takes a new datasource from its prop (setting it again through the API would reset
  // the rows twice and ask for the first page twice). Positions under another filter say
  // nothing about where the case shown was.
  useEffect(() => {
    anchor.current = null;
  }, [datasource]);

  // When the queue's count is asked again while one is shown — its data went stale at the end
  // of a burst of changes (data/invalidation.ts) — the loaded blocks are asked again in place:
  // scroll position, focus and selection stay. Old anchors no longer sit where they were
  // recorded once rows moved, so the refreshed blocks are asked by offset (see PageAnchors).
  useEffect(() => {
    const hash = hashKey(countQuery.queryKey);
    return queryClient.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated' || e.action.type !== 'fetch' || e.query.queryHash !== hash || e.query.state.data === undefined) return;
      anchors.clear();
      gridApi.current?.refreshInfiniteCache();
    });
  }, [queryClient, countQuery, anchors]);

  // The cells read the shared clock through a ref; each tick redraws only the countdown columns.
  const now = useNow();
  const clock = useRef(now);
  useEffect(() => {
    clock.current = now;
    gridApi.current?.refreshCells({ columns: CLOCK_COLUMNS, force: true });
  }, [now]);
  const columnDefs = useMemo(() => {
    const cells = { t, f: formatters(t, i18n.language), now: () => clock.current };
    return queueColumns({ kind, me, cells, choice: columns });
  }, [kind, me, columns, t, i18n.language]);
  const localeText = useMemo(() => ({ loadingOoo: t('grid.loading'), noRowsToShow: t('grid.noRows') }), [t]);

  // Keyboard navigation and the grid's event handlers read only refs: made once, so the grid
  // never sees a changed callback.
  const behaviour = useMemo(() => {
    const openIndex = (index: number) => {
      const node = gridApi.current?.getDisplayedRowAtIndex(index);
      if (node?.data) {
        waitingIndex.current = null;
        shownId.current = node.data.id;
        anchor.current = { id: node.data.id, index };
        latest.current.onCurrent(node.data, index);
      } else waitingIndex.current = index;
    };

    const navState = (gapi: GridApi<CaseRow>): NavState => {
      const id = shownId.current;
      const rowCount = gapi.getDisplayedRowCount();
      const node = id === null ? undefined : gapi.getRowNode(id);
      const shownIndex = node?.data && typeof node.rowIndex === 'number' && node.rowIndex < rowCount ? node.rowIndex : null;
      const anchorIndex = id !== null && anchor.current?.id === id ? anchor.current.index : null;
      return { shownIndex, anchorIndex, focusedIndex: gapi.getFocusedCell()?.rowIndex ?? null, rowCount };
    };

    const focusRow = (gapi: GridApi<CaseRow>, index: number) => {
      silentIndex.current = null;
      gapi.ensureIndexVisible(index);
      gapi.setFocusedCell(index, 'title');
    };

    const nav: QueueNav = {
      step(delta) {
        const gapi = gridApi.current;
        const target = gapi ? stepTarget(navState(gapi), delta) : null;
        // A key pressed before the first rows arrived is kept, not lost: it moves once they land.
        if (!gapi || target === null) {
          pendingStep.current = delta;
          return;
        }
        pendingStep.current = null;
        focusRow(gapi, target);
      },
      peek(delta) {
        const gapi = gridApi.current;
        const target = gapi ? stepTarget(navState(gapi), delta) : null;
        return target === null ? null : (gapi?.getDisplayedRowAtIndex(target)?.data ?? null);
      },
      focusCurrent() {
        const gapi = gridApi.current;
        if (!gapi) return;
        const s = navState(gapi);
        (document.activeElement as HTMLElement | null)?.blur();
        if (s.rowCount > 0) focusRow(gapi, s.shownIndex ?? s.focusedIndex ?? 0);
      },
    };

    /** After the rows changed (a refresh, a block loaded): keep the highlight on the case shown. */
    const resync = (gapi: GridApi<CaseRow>) => {
      if (waitingIndex.current !== null) return; // a row is still on its way to being opened
      const s = navState(gapi);
      if (s.shownIndex !== null && shownId.current !== null) anchor.current = { id: shownId.current, index: s.shownIndex };
      const target = resyncTarget(s, (i) => gapi.getDisplayedRowAtIndex(i)?.data !== undefined);
      if (target === null) return;
      const before = document.activeElement;
      const typingElsewhere = before instanceof HTMLElement && before !== document.body && !container.current?.contains(before);
      silentIndex.current = target;
      gapi.setFocusedCell(target, 'title');
      // setFocusedCell takes the browser focus: a refresh must not pull it out of a field being typed in.
      if (typingElsewhere) before.focus({ preventScroll: true });
    };

    return {
      onGridReady(e: GridReadyEvent<CaseRow>) {
        gridApi.current = e.api;
        latest.current.onReady(e.api, nav);
      },
      onCellFocused(e: CellFocusedEvent<CaseRow>) {
        if (typeof e.rowIndex !== 'number') return;
        if (e.rowIndex === silentIndex.current) {
          silentIndex.current = null;
          return;
        }
        openIndex(e.rowIndex);
      },
      onCellClicked(e: CellClickedEvent<CaseRow>) {
        // A click opens its row even when that cell already had the focus (then no cellFocused
        // fires, e.g. after a refresh re-focused it); the selection checkbox column has no field.
        if (typeof e.rowIndex === 'number' && e.colDef.field !== undefined && e.data && e.data.id !== shownId.current) openIndex(e.rowIndex);
      },
      onModelUpdated(e: ModelUpdatedEvent<CaseRow>) {
        if (pendingStep.current !== null && e.api.getDisplayedRowCount() > 0) nav.step(pendingStep.current);
        if (waitingIndex.current !== null) openIndex(waitingIndex.current);
        resync(e.api);
      },
      onColumnResized(e: ColumnResizedEvent<CaseRow>) {
        const id = e.column?.getColId();
        if (e.finished && e.source === 'uiColumnResized' && id) latest.current.onColumnWidth(id as ChoosableColumn | 'title', Math.round(e.column?.getActualWidth() ?? 0));
      },
      onSelectionChanged(e: SelectionChangedEvent<CaseRow>) {
        latest.current.onSelection(e.api.getSelectedNodes().flatMap((n) => (n.data ? [n.data] : [])));
      },
    };
  }, []);

  return (
    <div className="queue-grid" data-testid={`grid-${kind}`} ref={container}>
      <AgGridReact<CaseRow>
        theme={gridTheme}
        styleNonce={styleNonce}
        rowModelType="infinite"
        datasource={datasource}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        cacheBlockSize={100}
        maxBlocksInCache={200}
        // No block-load debounce: a sort or filter asks for its first block at once. A fling
        // still asks little: two blocks load at a time, and of the blocks waiting their turn the
        // grid drops those scrolled out of view (all but the two most recent) before asking.
        maxConcurrentDatasourceRequests={2}
        // Until a new sort's or filter's first block answers, one loading row rather than a screenful
        // of them: building loading rows only to replace them held back the page request.
        infiniteInitialRowCount={1}
        // Rows painted beyond the viewport: each costs on every sort or filter; a few keep a short scroll from showing blank rows.
        rowBuffer={5}
        // Rows are replaced, not moved, by a sort or filter: a fade would only delay them.
        animateRows={false}
        // Cell renderers in the same frame as their rows: with animation frames on, a fresh row first
        // paints without its renderer cells (SLA, title, status…), which fill a frame later.
        suppressAnimationFrame
        suppressMultiSort
        getRowId={getRowId}
        rowSelection={selectable ? multiRowSelection : undefined}
        rowClassRules={rowClassRules}
        localeText={localeText}
        onGridReady={behaviour.onGridReady}
        onCellFocused={behaviour.onCellFocused}
        onCellClicked={behaviour.onCellClicked}
        onModelUpdated={behaviour.onModelUpdated}
        onSelectionChanged={behaviour.onSelectionChanged}
        onColumnResized={behaviour.onColumnResized}
      />
    </div>
  );
});
