import { describe, expect, it } from 'vitest';
import { columnsOf, defaultColumnChoice, parseColumnChoice, toggleColumn } from './columnChoice';

/** Default widths of columns.ts, px (the title's minimum for the title). */
const WIDTH: Record<string, number> = {
  slaDueAt: 136, priority: 64, title: 140, severity: 76, amountFen: 104, merchantName: 96, status: 76, leaseHolder: 76, age: 84, category: 80, region: 64, updatedAt: 128,
};
/** Beside the case view at 1440 px the grid has 749 px, less a scrollbar; violations add a 40 px selection column. */
const GRID_AT_1440 = 749 - 15;

describe('queue columns', () => {
  it('default, for each role and queue it works, to columns that fit beside the case view at 1440 px', () => {
    const cases = [['moderator', 'violation'], ['arbiter', 'refund_dispute'], ['arbiter', 'merchant_complaint'], ['arbiter', 'appeal'], ['supervisor', 'violation'], ['supervisor', 'refund_dispute']] as const;
    for (const [role, kind] of cases) {
      const visible = defaultColumnChoice(role, kind).visible;
      const width = (WIDTH.title ?? 0) + visible.reduce((sum, c) => sum + (WIDTH[c] ?? 0), 0) + (kind === 'violation' && role !== 'supervisor' ? 40 : 0);
      expect(width, `${role} on ${kind}: ${visible.join(', ')}`).toBeLessThanOrEqual(GRID_AT_1440);
      expect(visible).toContain('slaDueAt');
      expect(visible).toContain('status');
      expect(visible).toContain('leaseHolder');
    }
  });
  it('keep a reviewer\'s choice, in the queue\'s order, and drop what the queue has not', () => {
    const start = defaultColumnChoice('moderator', 'violation');
    const more = toggleColumn(toggleColumn(start, 'region', 'violation'), 'amountFen', 'violation');
    expect(more.visible).toEqual(columnsOf('violation').filter((c) => [...start.visible, 'region', 'amountFen'].includes(c)));
    expect(toggleColumn(more, 'region', 'violation').visible).not.toContain('region');
    expect(parseColumnChoice({ visible: ['severity', 'age', 'nonsense'], widths: { age: 120, title: 300, bogus: 90 } }, 'arbiter', 'refund_dispute')).toEqual({ visible: ['age'], widths: { age: 120, title: 300 } });
    expect(parseColumnChoice(null, 'arbiter', 'appeal')).toEqual(defaultColumnChoice('arbiter', 'appeal'));
    expect(parseColumnChoice({ visible: 'all' }, 'moderator', 'violation')).toEqual(defaultColumnChoice('moderator', 'violation'));
  });
});
