import { describe, expect, it } from 'vitest';
import { fixtureRulebook } from './test-fixtures';
import { rulebookInForce } from './versions';

describe('the rulebook in force', () => {
  const older = { ...fixtureRulebook(), version: '2026.05', effectiveFrom: 1_000 };
  const newer = { ...fixtureRulebook(), version: '2026.11', effectiveFrom: 2_000 };
  const correction = { ...fixtureRulebook(), version: '2026.11.1', effectiveFrom: 2_000 };

  it('is the latest version effective at the time', () => {
    expect(rulebookInForce([newer, older], 1_500)?.version).toBe('2026.05');
    expect(rulebookInForce([older, newer], 2_000)?.version).toBe('2026.11');
    expect(rulebookInForce([older, correction, newer], 5_000)?.version).toBe('2026.11.1');
  });

  it('is none before the first version', () => {
    expect(rulebookInForce([older, newer], 999)).toBeNull();
  });
});
