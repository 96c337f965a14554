/**
 * Queue navigation follows the case shown, by id, not the grid's focused position: when a
 * decided case leaves the queue and the grid refreshes, every row below it moves up by one, so
 * a position remembered from before the refresh points at the wrong case.
 */

/** Where the case shown stands in the grid, as far as the loaded rows tell. */
export interface NavState {
  /** Row index of the case shown, when its row is loaded. */
  shownIndex: number | null;
  /** The last index the case shown had in this grid (kept after it left the queue). */
  anchorIndex: number | null;
  /** The grid's focused row index. */
  focusedIndex: number | null;
  /** Rows the grid displays. */
  rowCount: number;
}

const clamp = (n: number, rowCount: number): number => Math.max(0, Math.min(rowCount - 1, n));

/** The row J/K (delta ±1) and "decide and next" (+1) go to, or null when there are no rows. */
export function stepTarget(s: NavState, delta: number): number | null {
  if (s.rowCount === 0) return null;
  if (s.shownIndex !== null) return clamp(s.shownIndex + delta, s.rowCount);
  // The case shown left the queue: the row now at its former place is the one after it.
  if (s.anchorIndex !== null) return clamp(s.anchorIndex + (delta > 0 ? delta - 1 : delta), s.rowCount);
  // Shown from elsewhere (the inbox) and not in this queue: go on from the highlighted row.
  return clamp((s.focusedIndex ?? -1) + delta, s.rowCount);
}

/**
 * After the rows changed: the row to highlight so that it is (still) the case shown, or, if
 * that case left the queue, the row now at its former place. Null leaves the focus alone:
 * nothing highlighted yet, already right, or the rows that would tell are not loaded.
 */
export function resyncTarget(s: NavState, isLoaded: (index: number) => boolean): number | null {
  if (s.focusedIndex === null || s.rowCount === 0) return null;
  let target: number | null = null;
  if (s.shownIndex !== null) target = s.shownIndex;
  else if (s.anchorIndex !== null) {
    const at = clamp(s.anchorIndex, s.rowCount);
    if (isLoaded(at)) target = at;
  }
  return target === s.focusedIndex ? null : target;
}
