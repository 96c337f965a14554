import {
  CellStyleModule, EventApiModule, InfiniteRowModelModule, LocaleModule, ModuleRegistry, RenderApiModule, RowApiModule, RowSelectionModule, RowStyleModule,
  ScrollApiModule, ValidationModule, themeQuartz, type CellFocusedEvent, type GridApi, type IDatasource, type RowClassParams, type SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CaseRow, QueueFilter } from '../../../shared/api';
import type { CaseKind, Role } from '../../../shared/domain';
import type { ConsoleClient } from '../api/client';
import { useApi } from '../api/context';
import { queueColumns } from './columns';
import { lastRowFor, toPageQuery, type GridSortItem } from './gridQuery';

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
 * AG Grid injects its theme as <style> elements. Under a CSP without 'unsafe-inline' for
 * styles, the host can allow them with a per-response nonce it also puts in
 * `<meta name="csp-nonce" content="…">`; the grid then tags its style elements with it.
 */
const styleNonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? undefined;

/** Row count per filter, asked once and reused by every block until the queue changes. */
class CountCache {
  private promise: Promise<number | null> | null = null;
  constructor(private readonly load: () => Promise<number | null>) {}
  get(): Promise<number | null> {
    return (this.promise ??= this.load());
  }
  reset(): void {
    this.promise = null;
  }
}

function makeDatasource(api: ConsoleClient, kind: CaseKind, filter: QueueFilter, counts: CountCache, onError: (e: ApiError | null) => void): IDatasource {
  return {
    getRows(p) {
      const query = toPageQuery(kind, p.sortModel as GridSortItem[], filter, p.startRow, p.endRow);
      void Promise.all([api.invoke('queue.page', query), counts.get()]).then(([page, count]) => {
        if (!page.ok) {
          onError(page.error);
          p.failCallback();
          return;
        }
        onError(null);
        p.successCallback(page.value.rows, lastRowFor(p.startRow, query.limit, page.value.rows.length, count));
      });
    },
  };
}

export interface QueueGridProps {
  kind: CaseKind;
  role: Role;
  me: { id: string; name: string };
  filter: QueueFilter;
  /** Row selection for bulk actions (violations, for those who may decide them). */
  selectable: boolean;
  /** Bumped by the parent to refetch the visible blocks (data.changed, a decision made here). */
  refreshToken: number;
  onReady: (api: GridApi<CaseRow>) => void;
  onCurrent: (row: CaseRow, index: number) => void;
  onSelection: (rows: CaseRow[]) => void;
  onCount: (count: number | null) => void;
  onError: (e: ApiError | null) => void;
}

export function QueueGrid(props: QueueGridProps) {
  const { kind, role, me, filter, selectable, refreshToken } = props;
  const { t, i18n } = useTranslation();
  const api = useApi();
  const gridApi = useRef<GridApi<CaseRow> | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  /** The row index focused before its block arrived: opened when the block lands. */
  const waitingIndex = useRef<number | null>(null);

  const counts = useMemo(
    () =>
      new CountCache(async () => {
        const r = await api.invoke('queue.count', { kind, filter });
        const count = r.ok ? r.value.count : null;
        latest.current.onCount(count);
        return count;
      }),
    [api, kind, filter],
  );
  const datasource = useMemo(() => makeDatasource(api, kind, filter, counts, (e) => latest.current.onError(e)), [api, kind, filter, counts]);

  useEffect(() => {
    gridApi.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  useEffect(() => {
    if (refreshToken === 0) return;
    counts.reset();
    gridApi.current?.refreshInfiniteCache();
  }, [refreshToken, counts]);

  const columnDefs = useMemo(() => queueColumns({ kind, role, me, t, locale: i18n.language }), [kind, role, me, t, i18n.language]);

  const openIndex = (index: number) => {
    const node = gridApi.current?.getDisplayedRowAtIndex(index);
    if (node?.data) {
      waitingIndex.current = null;
      latest.current.onCurrent(node.data, index);
    } else waitingIndex.current = index;
  };

  return (
    <div className="queue-grid" data-testid={`grid-${kind}`}>
      <AgGridReact<CaseRow>
        theme={gridTheme}
        styleNonce={styleNonce}
        rowModelType="infinite"
        datasource={datasource}
        columnDefs={columnDefs}
        defaultColDef={{ resizable: true, suppressMovable: true, sortingOrder: ['asc', 'desc', null] }}
        cacheBlockSize={100}
        maxBlocksInCache={200}
        blockLoadDebounceMillis={40}
        maxConcurrentDatasourceRequests={2}
        infiniteInitialRowCount={50}
        rowBuffer={15}
        suppressMultiSort
        getRowId={(p) => p.data.id}
        rowSelection={selectable ? { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } : undefined}
        rowClassRules={{
          'row-conflict': (p: RowClassParams<CaseRow>) => p.data?.inConflict === true,
        }}
        localeText={{ loadingOoo: t('grid.loading'), noRowsToShow: t('grid.noRows') }}
        onGridReady={(e) => {
          gridApi.current = e.api;
          latest.current.onReady(e.api);
        }}
        onCellFocused={(e: CellFocusedEvent<CaseRow>) => {
          if (typeof e.rowIndex === 'number') openIndex(e.rowIndex);
        }}
        onModelUpdated={() => {
          if (waitingIndex.current !== null) openIndex(waitingIndex.current);
        }}
        onSelectionChanged={(e: SelectionChangedEvent<CaseRow>) => {
          latest.current.onSelection(e.api.getSelectedNodes().flatMap((n) => (n.data ? [n.data] : [])));
        }}
      />
    </div>
  );
}
