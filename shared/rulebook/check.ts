/**
 * The re-check the case service runs on every decision, against the rulebook version the
 * decision was made under: refuse what breaks a rule (saying which and why), allow the rest,
 * and flag a decision that departs from the recommendation (it then needs a written reason).
 */
import type { z } from 'zod';
import { DecisionBody, refusal, type Case, type Refusal } from '../domain';
import { checkAppeal } from './appeals';
import { checkComplaint, normalizeComplaintOutcome } from './complaints';
import { CaseFacts } from './facts';
import { recommend } from './recommend';
import { checkRefund } from './refunds';
import type { Rulebook } from './schema';
import { breachText, type Breach, type CheckResult } from './types';
import { checkViolation } from './violations';

const KIND_NAMES: Readonly<Record<Case['kind'], string>> = {
  violation: 'a violation', refund_dispute: 'a refund dispute', merchant_complaint: 'a merchant complaint', appeal: 'an appeal',
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function normalize(c: Case, body: DecisionBody): DecisionBody {
  if (body.kind === 'merchant_complaint' && c.kind === 'merchant_complaint') return { kind: body.kind, outcome: normalizeComplaintOutcome(c, body.outcome) };
  // A cited photo match is evidence for the decision, not part of what is decided.
  if (body.kind === 'refund_dispute' && body.outcome.type === 'flag_malicious_buyer') return { kind: body.kind, outcome: { type: 'flag_malicious_buyer' } };
  return body;
}

/** Whether two decisions on a case decide the same thing. */
export function sameDecision(c: Case, a: DecisionBody, b: DecisionBody): boolean {
  return canonical(normalize(c, a)) === canonical(normalize(c, b));
}

function breaches(c: Case, body: DecisionBody, facts: CaseFacts, rb: Rulebook): Breach[] {
  if (c.kind === 'violation' && body.kind === 'violation' && facts.kind === 'violation') return checkViolation(c, body.outcome, facts, rb);
  if (c.kind === 'refund_dispute' && body.kind === 'refund_dispute' && facts.kind === 'refund_dispute') return checkRefund(c, body.outcome, facts, rb);
  if (c.kind === 'merchant_complaint' && body.kind === 'merchant_complaint' && facts.kind === 'merchant_complaint') return checkComplaint(c, body.outcome, facts, rb);
  if (c.kind === 'appeal' && body.kind === 'appeal' && facts.kind === 'appeal') return checkAppeal(c, body.outcome, facts, rb);
  return [];
}

function refused(refusals: Refusal[]): CheckResult {
  return { ok: false, violations: refusals.map((r) => r.message), refusals };
}

function shapeRefusals(code: 'decision_shape' | 'facts_shape', prefix: string, issues: readonly z.core.$ZodIssue[]): Refusal[] {
  return issues.map((i) => {
    const field = i.path.join('.');
    return refusal(code, { field, detail: i.message }, `${prefix}: ${field} ${i.message}`);
  });
}

export function checkDecision(c: Case, body: DecisionBody, facts: CaseFacts, rb: Rulebook): CheckResult {
  const shape = DecisionBody.safeParse(body);
  if (!shape.success) return refused(shapeRefusals('decision_shape', 'decision', shape.error.issues));
  if (body.kind !== c.kind) {
    return refused([refusal('decision_kind_mismatch', { caseKind: c.kind, decisionKind: body.kind }, `the decision is for ${KIND_NAMES[body.kind]}, not ${KIND_NAMES[c.kind]}`)]);
  }
  const established = CaseFacts.safeParse(facts);
  if (!established.success) return refused(shapeRefusals('facts_shape', 'facts', established.error.issues));
  if (facts.kind !== c.kind) {
    return refused([refusal('facts_kind_mismatch', { factsKind: facts.kind, caseKind: c.kind }, `the facts are for ${KIND_NAMES[facts.kind]}, not ${KIND_NAMES[c.kind]}`)]);
  }

  const found = breaches(c, shape.data, established.data, rb);
  if (found.length > 0) return { ok: false, violations: found.map(breachText), refusals: found.map((b) => b.refusal) };
  const recommended = recommend(c, established.data, rb);
  return { ok: true, departure: !sameDecision(c, shape.data, recommended.body), recommended };
}
