/**
 * "Claim if needed, then decide", one operation, so the renderer makes one call. A reviewer
 * with a live lease on the case (an online claim, or a checkout for offline work) decides at
 * once, without a round trip to the case service; otherwise the case is claimed online first,
 * and a claim the service refuses leaves nothing written.
 */
import type { WritableDB } from './db/handles';
import { refusal, type StaffMember } from '../../shared/domain';
import type { Rulebook } from '../../shared/rulebook';
import type { LeaseAnswer } from '../../shared/sync/protocol';
import { decideCase, type DecideInput, type Decided } from './decide';
import { ConsoleError, refused } from './errors';
import { claimCases } from './sync/leases';
import { OfflineError, type ServiceClient } from './sync/service';

export interface ClaimAndDecide {
  db: WritableDB;
  client: ServiceClient;
  staff: StaffMember;
  now: () => number;
  /** The rulebook version the decision is judged by at a given time (the console's current one). */
  rulebook: (at: number) => Rulebook;
}

export interface DecidedClaiming extends Decided {
  /** The case was claimed by this call (the reviewer held no live lease on it). */
  claimed: boolean;
}

export async function claimAndDecide(ctx: ClaimAndDecide, input: DecideInput): Promise<DecidedClaiming> {
  // Every local check (the case, its state, the reviewer's role, a decision still queued) runs
  // before the lease check, so a decision refused for those reasons never claims the case.
  try {
    return { ...decideNow(ctx, input), claimed: false };
  } catch (e) {
    if (!needsClaim(e)) throw e;
  }
  await claim(ctx, input.caseId);
  return { ...decideNow(ctx, input), claimed: true };
}

function decideNow(ctx: ClaimAndDecide, input: DecideInput): Decided {
  const at = ctx.now();
  return decideCase(ctx.db, ctx.staff, input, at, ctx.rulebook(at));
}

/** Refused only for want of a live lease: a claim can cure that. */
function needsClaim(e: unknown): boolean {
  if (!(e instanceof ConsoleError) || e.refusals?.length !== 1) return false;
  const code = e.refusals[0]?.code;
  return code === 'claim_missing' || code === 'claim_expired';
}

async function claim(ctx: ClaimAndDecide, caseId: string): Promise<void> {
  let answer: LeaseAnswer | undefined;
  try {
    [answer] = await claimCases(ctx.db, ctx.client, [caseId], 'online', ctx.now);
  } catch (e) {
    if (e instanceof OfflineError) {
      throw new ConsoleError('offline', `case ${caseId} was not decided: you hold no claim on it, and the case service cannot be reached to claim it (${e.message}). Check cases out for offline work before leaving the network.`);
    }
    throw e;
  }
  if (!answer) throw new ConsoleError('server_error', `case ${caseId} was not decided: the case service did not answer the claim on it`);
  if (answer.granted) return;
  switch (answer.reason) {
    case 'held': {
      const by = answer.lease ? ` by ${answer.lease.holder.name} until ${new Date(answer.lease.expiresAt).toISOString()}` : ' by another reviewer';
      throw new ConsoleError('conflict', `case ${caseId} was not decided: it is claimed${by}, and the case service refused your claim`);
    }
    case 'decided':
      throw refused('conflict', refusal('case_not_open', { caseId, status: 'decided' }, `case ${caseId} was not decided: the case service says it is decided already, so it cannot be claimed`));
    case 'not_found':
      throw refused('not_found', refusal('case_not_found', { caseId }, `case ${caseId} was not decided: the case service has no such case to claim`));
    case 'not_holder':
      throw new ConsoleError('conflict', `case ${caseId} was not decided: the case service refused the claim on it (${answer.reason})`);
  }
}
