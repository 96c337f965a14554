/**
 * Bulk decisions: the preview of what each case would get and whether the rulebook check lets
 * it through, and the run that claims, decides and releases. The check is the shared one
 * (`judgeDraft` and `judgeDecision`, as `case.check` and `case.decide` use them), per case and
 * by each case's own facts, so the preview refuses exactly what a decision would.
 */
import type { WritableDB } from './db/handles';
import type { BulkChoice, BulkOutcome, BulkPreviewItem } from '../../shared/api';
import { canDecide, refusal, type DecisionBody, type Refusal, type StaffMember } from '../../shared/domain';
import { judgeDecision, judgeDraft, judgedFacts, type Rulebook } from '../../shared/rulebook';
import { MAX_CLAIM_BATCH } from '../../shared/sync/protocol';
import { recommendCase } from './adjudicate';
import { caseAsJudged } from './contested';
import { getCase } from './db/cases';
import { getMyLease } from './db/leases';
import { decideCase } from './decide';
import { ConsoleError, notInConsole } from './errors';
import { claimCases, releaseCases } from './sync/leases';
import { OfflineError, type ServiceClient } from './sync/service';

/** What each case would get from `choice`, and whether the check lets it through; nothing is written. */
export function previewBulk(db: WritableDB, staff: StaffMember, caseIds: readonly string[], choice: BulkChoice, rb: Rulebook): BulkPreviewItem[] {
  return caseIds.map((caseId) => previewOne(db, staff, caseId, choice, rb));
}

function previewOne(db: WritableDB, staff: StaffMember, caseId: string, choice: BulkChoice, rb: Rulebook): BulkPreviewItem {
  const stored = getCase(db, caseId);
  if (!stored) throw notInConsole(caseId);
  const c = caseAsJudged(db, stored.case);
  if (!canDecide(staff.role, c.kind)) throw new ConsoleError('forbidden', `a ${staff.role} does not decide ${c.kind} cases (case ${caseId})`);
  // Bulk works from each case's facts as recorded: nothing further established.
  const judgedFor = judgedFacts(c, undefined, rb);
  // No recommendation for these facts (an appeal without its contested violation): nothing to apply.
  const recommended = 'refusal' in judgedFor ? null : pick(recommendCase(c, undefined, rb).recommendation);
  const decision = choice.mode === 'common' ? { body: choice.body, ruleRef: choice.ruleRef } : recommended;
  const refusals: Refusal[] = [];
  if ('refusal' in judgedFor) refusals.push(judgedFor.refusal);
  if (decision === null) return { caseId, title: c.title, recommended, decision, departure: false, needsApproval: false, ok: false, refusals };
  if (stored.case.status !== 'open') {
    refusals.push(refusal('case_not_open', { caseId, status: stored.case.status }, `case ${caseId} is ${stored.case.status.replace('_', ' ')}, not open: it cannot be decided`));
  }
  if (decision.body.kind !== c.kind) {
    refusals.push(refusal('decision_kind_mismatch', { caseKind: c.kind, decisionKind: decision.body.kind }, `case ${caseId} is a ${c.kind} case; a ${decision.body.kind} decision cannot be applied to it`));
    return { caseId, title: c.title, recommended, decision, departure: false, needsApproval: false, ok: false, refusals };
  }
  const check = judgeDraft(c, decision.body, undefined, rb);
  const justification = choice.mode === 'common' ? choice.justification : undefined;
  const judged = judgeDecision(c, { ...decision, ...(justification === undefined ? {} : { justification }) }, rb);
  if (!judged.ok) refusals.push(...judged.refusals.filter((r) => !refusals.some((x) => x.code === r.code)));
  return { caseId, title: c.title, recommended, decision, departure: check.departure, needsApproval: check.needsApproval, ok: refusals.length === 0, refusals };
}

const pick = (r: { body: DecisionBody; ruleRef: string }) => ({ body: r.body, ruleRef: r.ruleRef });

export interface BulkRun {
  db: WritableDB;
  client: ServiceClient;
  staff: StaffMember;
  rulebook: Rulebook;
  now: () => number;
}

export interface BulkResult {
  outcomes: BulkOutcome[];
  released: number;
  notReleased: string[];
}

/**
 * Decides each case the preview lets through, with `reason` on every decision and the common
 * justification on each departure. Cases not held yet are claimed (online) first; a case this
 * run claimed and did not decide is released again, whatever went wrong in between.
 */
export async function runBulk(run: BulkRun, caseIds: readonly string[], choice: BulkChoice, reason: string): Promise<BulkResult> {
  const { db, client, staff, rulebook, now } = run;
  const preview = previewBulk(db, staff, caseIds, choice, rulebook);
  const outcomes = new Map<string, BulkOutcome>();
  const fail = (caseId: string, status: 'refused' | 'failed', code: string, message: string, refusals: Refusal[] = []) =>
    outcomes.set(caseId, { caseId, status, decisionId: null, error: { code, message, refusals } });
  for (const p of preview) if (!p.ok) fail(p.caseId, 'refused', 'invalid_input', p.refusals.map((r) => r.message).join('; '), p.refusals);
  const targets = preview.flatMap((p) => (p.ok && p.decision !== null ? [{ caseId: p.caseId, decision: p.decision, departure: p.departure }] : []));

  const held = (caseId: string) => {
    const lease = getMyLease(db, caseId);
    return lease !== null && lease.expiresAt > now();
  };
  const toClaim = targets.filter((p) => !held(p.caseId)).map((p) => p.caseId);
  const claimedHere = new Set<string>();
  let released = 0;
  const notReleased: string[] = [];
  try {
    for (let i = 0; i < toClaim.length; i += MAX_CLAIM_BATCH) {
      const batch = toClaim.slice(i, i + MAX_CLAIM_BATCH);
      try {
        for (const a of await claimCases(db, client, batch, 'online', now)) {
          if (a.granted) claimedHere.add(a.caseId);
          else fail(a.caseId, 'failed', `claim_${a.reason}`, `case ${a.caseId} could not be claimed: ${a.reason}`);
        }
      } catch (e) {
        if (!(e instanceof OfflineError)) throw e;
        for (const id of batch) fail(id, 'failed', 'offline', `case ${id} could not be claimed: ${e.message}`);
      }
    }
    for (const p of targets) {
      if (outcomes.has(p.caseId)) continue;
      const justification = p.departure && choice.mode === 'common' ? choice.justification : undefined;
      try {
        const at = now();
        const decided = decideCase(db, staff, { caseId: p.caseId, body: p.decision.body, ruleRef: p.decision.ruleRef, reason, ...(justification === undefined ? {} : { justification }) }, at, rulebook);
        outcomes.set(p.caseId, { caseId: p.caseId, status: 'decided', decisionId: decided.decisionId, error: null });
      } catch (e) {
        if (!(e instanceof ConsoleError)) throw e;
        fail(p.caseId, 'failed', e.code, e.message, e.refusals ?? []);
      }
    }
  } finally {
    const undecided = [...claimedHere].filter((id) => outcomes.get(id)?.status !== 'decided');
    for (let i = 0; i < undecided.length; i += MAX_CLAIM_BATCH) {
      const answer = await releaseQuietly(db, client, undecided.slice(i, i + MAX_CLAIM_BATCH));
      released += answer.released;
      notReleased.push(...answer.notReleased);
    }
  }
  // Every case has its outcome by now: refused by the preview, failed to claim, decided, or failed to decide.
  return { outcomes: [...outcomes.values()], released, notReleased };
}

/**
 * Releases what a run claimed and did not decide. Never throws: it runs while another error may
 * be on its way out, and a claim that cannot be released now runs out within its online term.
 */
async function releaseQuietly(db: WritableDB, client: ServiceClient, caseIds: string[]): Promise<{ released: number; notReleased: string[] }> {
  try {
    const answers = await releaseCases(db, client, caseIds);
    return { released: answers.filter((a) => a.granted).length, notReleased: answers.filter((a) => !a.granted && a.reason !== 'not_holder').map((a) => a.caseId) };
  } catch {
    return { released: 0, notReleased: caseIds };
  }
}
