/**
 * Push of the outbox: decisions and a supervisor's approvals together, in mutation-id order,
 * in batches, with the stable client id.
 * The service applies each (clientId, mutationId) at most once and repeats its answer, so after
 * a lost response the same rows are simply sent again. An answer removes the row from the
 * outbox in the same transaction that records it; conflicts and rejections go to the inbox and
 * the decisions behind them carry on.
 */
import type { ReadableDB, WritableDB } from '../db/handles';
import type { CaseKind } from '../../../shared/domain';
import type { PushRequest, PushResult } from '../../../shared/sync/protocol';
import { recordApprovalResult } from '../db/approvals';
import { recordEscalationResult } from '../db/escalations';
import { caseHeader } from '../db/cases';
import { outboxItems, recordPushResult, type OutboxItem } from '../db/decisions';
import { ProtocolError, ServiceRefusal, type ServiceClient } from './service';

export interface PushSummary {
  sent: number;
  accepted: number;
  conflicts: number;
  rejected: number;
  /** The queues whose cases got an answer. */
  kinds: CaseKind[];
}

export interface PushOptions {
  batchSize: number;
  now: () => number;
  /** Before each request, so a crash test can tell when a push is in flight. */
  onBatch?: (size: number) => void;
  onRecorded?: (summary: PushSummary) => void;
}

export async function pushOutbox(db: WritableDB, client: ServiceClient, clientId: string, opts: PushOptions): Promise<PushSummary> {
  const total: PushSummary = { sent: 0, accepted: 0, conflicts: 0, rejected: 0, kinds: [] };
  let size = opts.batchSize;
  for (;;) {
    const batch = outboxItems(db, size);
    if (batch.length === 0) return total;
    opts.onBatch?.(batch.length);
    let results: PushResult[];
    let atFault = false;
    try {
      results = (await client.push(pushRequest(clientId, batch))).results;
    } catch (e) {
      // A batch the service refuses as a whole (malformed: 400, a kind the role may not decide:
      // 403) must not hold up the rest: narrow it down by halves (the halves without the
      // decision at fault go through) and record that decision, alone, as rejected. Halving
      // keeps a batch of 1,000 to a few dozen requests. A 401 is about the token, not the
      // decisions: they stay queued.
      if (e instanceof ServiceRefusal && (e.status === 400 || e.status === 403)) {
        if (batch.length > 1) {
          size = Math.floor(batch.length / 2);
          continue;
        }
        results = [rejectedLocally(batch[0] as OutboxItem, e.status === 403 ? 'forbidden' : 'invalid', e.message)];
        atFault = true;
      } else {
        throw e;
      }
    }
    const step = record(db, batch, results, opts.now());
    total.sent += batch.length;
    total.accepted += step.accepted;
    total.conflicts += step.conflicts;
    total.rejected += step.rejected;
    total.kinds = [...new Set([...total.kinds, ...step.kinds])];
    opts.onRecorded?.(step);
    if (step.recorded === 0) {
      throw new ProtocolError(`push: the service answered none of the ${batch.length} decisions sent; they stay queued`);
    }
    if (atFault) size = opts.batchSize;
  }
}

/** Approvals go in `approvals` only when there are any, so a push of decisions alone is as before. */
function pushRequest(clientId: string, batch: OutboxItem[]): PushRequest {
  const decisions = batch.flatMap((i) => (i.type === 'decision' ? [i.command] : []));
  const approvals = batch.flatMap((i) => (i.type === 'approval' ? [i.command] : []));
  const escalations = batch.flatMap((i) => (i.type === 'escalation' ? [i.command] : []));
  return { clientId, decisions, ...(approvals.length ? { approvals } : {}), ...(escalations.length ? { escalations } : {}) };
}

function record(db: WritableDB, batch: OutboxItem[], results: PushResult[], now: number): PushSummary & { recorded: number } {
  const sent = new Map(batch.map((i) => [i.command.decisionId, i]));
  const kinds = new Set<CaseKind>();
  const step = { sent: batch.length, accepted: 0, conflicts: 0, rejected: 0, recorded: 0, kinds: [] as CaseKind[] };
  db.transaction(() => {
    for (const r of results) {
      // Only answers to what was sent in this request count.
      const item = sent.get(r.decisionId);
      if (item?.command.mutationId !== r.mutationId) continue;
      if (item.type === 'decision') {
        if (!recordPushResult(db, r, now)) continue;
        kinds.add(item.command.body.kind);
      } else if (item.type === 'escalation') {
        if (!recordEscalationResult(db, r, now)) continue;
        const kind = caseKindOf(db, item.command.caseId);
        if (kind) kinds.add(kind);
      } else {
        if (!recordApprovalResult(db, r, now)) continue;
        const kind = caseKindOf(db, item.command.caseId);
        if (kind) kinds.add(kind);
      }
      step.recorded += 1;
      if (r.status === 'accepted') step.accepted += 1;
      else if (r.status === 'conflict') step.conflicts += 1;
      else step.rejected += 1;
    }
  }).immediate();
  step.kinds = [...kinds];
  return step;
}

function rejectedLocally(item: OutboxItem, code: 'invalid' | 'forbidden', message: string): PushResult {
  return { status: 'rejected', decisionId: item.command.decisionId, mutationId: item.command.mutationId, code, message: message.slice(0, 1000) };
}

function caseKindOf(db: ReadableDB, caseId: string): CaseKind | null {
  return caseHeader(db, caseId)?.kind ?? null;
}
