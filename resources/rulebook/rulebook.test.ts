/** The shipped rulebook: it parses, every clause is used, and its ladders behave as the properties demand. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, VIOLATION_CATEGORIES } from '../../shared/domain';
import {
  checkDecision, comparePenalties, defaultFacts, needsApproval, penaltyFor, recommend, refsCitedBy, Rulebook, slaMs,
} from '../../shared/rulebook';
import { violationCase } from '../../shared/rulebook/test-fixtures';
import { CURRENT_RULEBOOK_VERSION, loadRulebook, SHIPPED_RULEBOOK_VERSIONS } from './index';

const rb = loadRulebook();

describe('the shipped rulebook', () => {
  it('parses with the schema, from the file itself', () => {
    const raw: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('./rulebook-2026.11.json', import.meta.url)), 'utf8'));
    const parsed = Rulebook.safeParse(raw);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(rb.version).toBe(CURRENT_RULEBOOK_VERSION);
    expect(SHIPPED_RULEBOOK_VERSIONS).toContain('2026.11');
  });

  it('refuses a version it does not ship', () => {
    expect(() => loadRulebook('1999.01')).toThrow(/not shipped/);
  });

  it('defines every clause it cites and cites every clause it defines, in both languages', () => {
    const cited = new Set([rb.violations, rb.refunds, rb.complaints, rb.appeals, rb.sla, rb.fourEyes].flatMap((s) => refsCitedBy(s)));
    expect(rb.clauses.map((c) => c.ref).filter((r) => !cited.has(r))).toEqual([]);
    for (const c of rb.clauses) {
      expect(c.text_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.text_en).toMatch(/^[A-Z]/);
    }
  });

  it('is monotone in severity, repeats and harm for every category (exhaustively)', () => {
    for (const category of VIOLATION_CATEGORIES) {
      for (const subjectIsCreator of [false, true]) {
        for (const harm of [false, true]) {
          for (let priors = 0; priors <= 12; priors += 1) {
            SEVERITIES.forEach((severity, s) => {
              const here = penaltyFor({ category, severity, priorOffences: priors, harm, subjectIsCreator, confirmed: true }, rb).outcome;
              const graver = SEVERITIES[s + 1];
              if (graver) expect(comparePenalties(here, penaltyFor({ category, severity: graver, priorOffences: priors, harm, subjectIsCreator, confirmed: true }, rb).outcome)).toBeLessThanOrEqual(0);
              expect(comparePenalties(here, penaltyFor({ category, severity, priorOffences: priors + 1, harm, subjectIsCreator, confirmed: true }, rb).outcome)).toBeLessThanOrEqual(0);
              if (!harm) expect(comparePenalties(here, penaltyFor({ category, severity, priorOffences: priors, harm: true, subjectIsCreator, confirmed: true }, rb).outcome)).toBeLessThanOrEqual(0);
            });
          }
        }
      }
    }
  });

  it('recommends what its own re-check accepts for every violation it can see', () => {
    for (const category of VIOLATION_CATEGORIES) {
      for (const severity of SEVERITIES) {
        for (const priors of [0, 1, 3, 20]) {
          const c = violationCase({ category, severity, priors, harm: priors > 0 });
          const rec = recommend(c, defaultFacts('violation'), rb);
          expect(checkDecision(c, rec.body, defaultFacts('violation'), rb)).toMatchObject({ ok: true, departure: false });
          expect(rec.clauses.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('needs a second person for closures, long suspensions and large fines', () => {
    expect(needsApproval({ kind: 'violation', outcome: { type: 'close_store' } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'remove_creator' } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'suspend_store', days: 7 } }, rb)).toBe(false);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'suspend_store', days: 30 } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'fine', amountFen: 500_000 } }, rb)).toBe(false);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'fine', amountFen: 1_000_000 } }, rb)).toBe(true);
  });

  it('answers violations fastest and gives appeals at most three days', () => {
    expect(slaMs('violation', 1, rb)).toBe(3_600_000);
    expect(slaMs('appeal', 5, rb)).toBe(72 * 3_600_000);
  });
});
