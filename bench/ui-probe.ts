/**
 * Runs inside the page (Chromium): times one user action from its pointerdown to the frame
 * after the grid's first rows show other cases than before, all loaded. Rows are compared by
 * their case ids in row order (a sort or filter that changes anything changes these), so
 * ticking countdowns in the cells cannot fake a change. Self-contained: Playwright serializes it.
 */
export interface ProbeResult {
  /** performance.now() of the pointerdown, and of the frame after the new rows were found. */
  t0: number;
  t1: number;
}

export interface ApiCall {
  channel: string;
  start: number;
  /** When the answer's headers arrived (null while pending). */
  end: number | null;
  ok: boolean | null;
  error: string | null;
}

export interface ProbeWindow {
  __docketBench?: { arm(timeoutMs: number): void; done: Promise<ProbeResult | null> };
  __docketCalls?: ApiCall[];
}

/**
 * Installed before the renderer loads (as a string: it must not be compiled): records every
 * console API call web mode makes (`POST /api/invoke`) with its channel, start and answer times.
 */
export const RECORD_API_CALLS = `(() => {
  const original = window.fetch.bind(window);
  const calls = (window.__docketCalls = []);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/api/invoke')) return original(input, init);
    let channel = '';
    try { channel = JSON.parse(String(init && init.body)).channel; } catch {}
    const rec = { channel, start: performance.now(), end: null, ok: null, error: null };
    calls.push(rec);
    if (calls.length > 5000) calls.splice(0, 1000);
    return original(input, init).then((res) => {
      rec.end = performance.now();
      res.clone().json().then((j) => { rec.ok = j.ok === true; rec.error = j.ok ? null : (j.error && j.error.message) || null; }, () => {});
      return res;
    });
  };
})();`;

/** Rows 0..FIRST-1 of the visible queue's grid (AG Grid 36: one element per row; a row waiting for its block has no row-id, and `ag-row-loading` or `ag-opacity-zero`). */
export function installProbe(): void {
  const FIRST = 12;
  const ROWS = '[data-testid^="queue-"]:not([hidden]) [data-testid^="grid-"] .ag-row[row-index]';
  const snapshot = () => {
    const rows = Array.from(document.querySelectorAll<HTMLElement>(ROWS))
      .map((r) => ({
        i: Number(r.getAttribute('row-index')),
        id: r.getAttribute('row-id') ?? '',
        loading: r.classList.contains('ag-opacity-zero') || r.classList.contains('ag-row-loading'),
        title: r.querySelector('[col-id="title"]')?.textContent ?? '',
      }))
      .filter((r, k, all) => r.i < FIRST && all.findIndex((x) => x.i === r.i) === k)
      .sort((a, b) => a.i - b.i);
    const complete = rows.length > 0 && rows.every((r, k) => r.i === k && !r.loading && r.id !== '' && r.title !== '');
    return { complete, sig: rows.map((r) => r.id).join(',') };
  };
  const w = window as unknown as ProbeWindow;
  w.__docketBench = {
    done: Promise.resolve(null),
    arm(timeoutMs: number) {
      const before = snapshot().sig;
      const armedAt = performance.now();
      let t0: number | null = null;
      document.addEventListener('pointerdown', () => (t0 = performance.now()), { capture: true, once: true });
      this.done = new Promise<ProbeResult | null>((resolve) => {
        const tick = () => {
          if (performance.now() - armedAt > timeoutMs) return resolve(null);
          if (t0 !== null) {
            const s = snapshot();
            if (s.complete && s.sig !== before) {
              const start = t0;
              // The frame in which the rows were found has been painted once the next one begins.
              requestAnimationFrame(() => resolve({ t0: start, t1: performance.now() }));
              return;
            }
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
  };
}

export function isSettled(): boolean {
  const ROWS = '[data-testid^="queue-"]:not([hidden]) [data-testid^="grid-"] .ag-row[row-index]';
  const rows = Array.from(document.querySelectorAll<HTMLElement>(ROWS));
  return rows.length > 0 && rows.every((r) => !r.classList.contains('ag-opacity-zero') && (r.getAttribute('row-id') ?? '') !== '');
}
