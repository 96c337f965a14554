import { describe, expect, it } from 'vitest';
import { emptyFactsDraft, factsFromDraft } from './factsDraft';
import { draftBody, draftFromBody, emptyDraft, validateDraft } from './decisionForm';


describe('facts editor', () => {
  it('starts from "nothing further established"', () => {
    expect(factsFromDraft(emptyFactsDraft('refund_dispute'))).toEqual({
      ok: true,
      facts: {
        kind: 'refund_dispute', notReceived: false, qualityDefect: false, arrivedDamaged: false, buyerCausedDamage: false, worn: false, allergyReaction: false,
        plantDied: false, falseLiveClaim: false, merchantAtFault: false, falseEvidence: false,
      },
    });
    const v = factsFromDraft(emptyFactsDraft('violation'));
    expect(v).toEqual({ ok: true, facts: { kind: 'violation', violationConfirmed: true } });
  });
  it('sends flags, hours, shares in basis points and money in fen exactly', () => {
    const d = emptyFactsDraft('refund_dispute');
    const r = factsFromDraft({ ...d, flags: { ...d.flags, qualityDefect: true }, text: { reportedWithinHours: '20', damagedShareBp: '12.5', establishedLossFen: '0.29' } });
    expect(r.ok && r.facts).toMatchObject({ qualityDefect: true, reportedWithinHours: 20, damagedShareBp: 1250, establishedLossFen: 29 });
  });
  it('names the fields that are not numbers in range', () => {
    const d = emptyFactsDraft('refund_dispute');
    expect(factsFromDraft({ ...d, text: { reportedWithinHours: '-1', damagedShareBp: '101' } })).toEqual({ ok: false, invalid: ['reportedWithinHours', 'damagedShareBp'] });
  });
  it('leaves "as the case says" out and re-grades severity', () => {
    const d = emptyFactsDraft('violation');
    const r = factsFromDraft({ ...d, severity: 'serious', tri: { harm: 'no' }, text: { priorOffences: '2' } });
    expect(r).toEqual({ ok: true, facts: { kind: 'violation', violationConfirmed: true, severity: 'serious', harm: false, priorOffences: 2 } });
  });
});

describe('recommendation into the decision form', () => {
  it('fills outcome, amount in yuan from fen and the clause, keeping the reason', () => {
    const base = { ...emptyDraft('violation'), reason: '已核实' };
    const d = draftFromBody({ kind: 'violation', outcome: { type: 'fine', amountFen: 3_000_010 } }, 'VIO-FA-2.1', base);
    expect(d).toMatchObject({ outcome: 'fine', amountYuan: '30000.10', ruleRef: 'VIO-FA-2.1', reason: '已核实' });
    const back = validateDraft('violation', { ...d, reason: '已核实的理由' });
    expect(back.ok && back.body).toEqual({ kind: 'violation', outcome: { type: 'fine', amountFen: 3_000_010 } });
  });
  it('round-trips every outcome shape', () => {
    const bodies = [
      { kind: 'violation', outcome: { type: 'suspend_store', days: 7 } },
      { kind: 'violation', outcome: { type: 'deduct_points', points: 12 } },
      { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 29 } },
      { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'partial', remedy: 'refund_fine', amountFen: 15000 } },
      { kind: 'appeal', outcome: { type: 'modify', fineFen: 10000 } },
      { kind: 'refund_dispute', outcome: { type: 'reject' } },
    ] as const;
    for (const body of bodies) {
      const d = draftFromBody(body, 'REF-7D-1', emptyDraft(body.kind));
      expect(draftBody(body.kind, d)).toEqual(body);
    }
  });
  it('has no body while an amount is missing', () => {
    expect(draftBody('violation', { ...emptyDraft('violation'), outcome: 'fine' })).toBeNull();
  });
});
