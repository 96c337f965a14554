import { describe, expect, it } from 'vitest';
import { resyncTarget, stepTarget, type NavState } from './caseNav';

const state = (s: Partial<NavState>): NavState => ({ shownIndex: null, anchorIndex: null, focusedIndex: null, rowCount: 10, ...s });
const loaded = () => true;

describe('stepping from the case shown', () => {
  it('goes on from the row of the case shown, not from the highlighted row', () => {
    // The highlight still sits one row lower after a refresh moved the shown case up.
    expect(stepTarget(state({ shownIndex: 3, anchorIndex: 4, focusedIndex: 4 }), 1)).toBe(4);
    expect(stepTarget(state({ shownIndex: 3, focusedIndex: 4 }), -1)).toBe(2);
  });
  it('takes the row now at the former place of a case that left the queue as the next one', () => {
    expect(stepTarget(state({ anchorIndex: 3, focusedIndex: 3 }), 1)).toBe(3);
    expect(stepTarget(state({ anchorIndex: 3, focusedIndex: 3 }), -1)).toBe(2);
  });
  it('falls back to the highlighted row for a case from elsewhere', () => {
    expect(stepTarget(state({ focusedIndex: 5 }), 1)).toBe(6);
    expect(stepTarget(state({}), 1)).toBe(0);
  });
  it('stays within the rows', () => {
    expect(stepTarget(state({ shownIndex: 9 }), 1)).toBe(9);
    expect(stepTarget(state({ shownIndex: 0 }), -1)).toBe(0);
    expect(stepTarget(state({ anchorIndex: 12 }), 1)).toBe(9);
    expect(stepTarget(state({ rowCount: 0, shownIndex: 0 }), 1)).toBeNull();
  });
});

describe('keeping the highlight on the case shown after a refresh', () => {
  it('moves the highlight to where the case shown now is', () => {
    expect(resyncTarget(state({ shownIndex: 3, focusedIndex: 4 }), loaded)).toBe(3);
  });
  it('leaves a right highlight alone, and a grid with none', () => {
    expect(resyncTarget(state({ shownIndex: 3, focusedIndex: 3 }), loaded)).toBeNull();
    expect(resyncTarget(state({ shownIndex: 3 }), loaded)).toBeNull();
  });
  it('highlights the row at the former place of a case that left the queue, once that row is loaded', () => {
    expect(resyncTarget(state({ anchorIndex: 3, focusedIndex: 5 }), loaded)).toBe(3);
    expect(resyncTarget(state({ anchorIndex: 3, focusedIndex: 5 }), () => false)).toBeNull();
    expect(resyncTarget(state({ anchorIndex: 10, focusedIndex: 5 }), loaded)).toBe(9);
  });
  it('does nothing for a case this grid never showed', () => {
    expect(resyncTarget(state({ focusedIndex: 5 }), loaded)).toBeNull();
  });
});
