/**
 * Push of the outbox: decisions in mutation-id order, in batches, with the stable client id.
 * The service applies each (clientId, mutationId) at most once and repeats its answer, so after
 * a lost response the same rows are simply sent again. An answer removes the row from the
 * outbox in the same transaction that records it; conflicts and rejections go to the inbox and
 * the decisions behind them carry on.
 */
import type Database from 'better-sqlite3';
import type { CaseKind } from '../../../shared/domain';
import type { DecisionCommand, PushResult } from '../../../shared/sync/protocol';
import { outboxBatch, recordPushResult } from '../db/decisions';
import { ServiceRefusal, type ServiceClient } from './service';

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

export async function pushOutbox(db: Database.Database, client: ServiceClient, clientId: string, opts: PushOptions): Promise<PushSummary> {
  const total: PushSummary = { sent: 0, accepted: 0, conflicts: 0, rejected: 0, kinds: [] };
  let size = opts.batchSize;
  for (;;) {
    const batch = outboxBatch(db, size);
    if (batch.length === 0) return total;
    opts.onBatch?.(batch.length);
    let results: PushResult[];
    try {
      results = (await client.push({ clientId, decisions: batch })).results;
    } catch (e) {
      // A batch the service refuses as a whole (malformed: 400, a kind the role may not decide:
      // 403) must not hold up the rest: narrow it down to the decision at fault and record that
      // one as rejected. A 401 is about the token, not the decisions: they stay queued.
      if (e instanceof ServiceRefusal && (e.status === 400 || e.status === 403)) {
        if (batch.length > 1) {
          size = 1;
          continue;
        }
        results = [rejectedLocally(batch[0] as DecisionCommand, e.status === 403 ? 'forbidden' : 'invalid', e.message)];
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
      throw new ServiceRefusal(200, 'protocol', `push: the service answered none of the ${batch.length} decisions sent; they stay queued`);
    }
    size = opts.batchSize;
  }
}

function record(db: Database.Database, batch: DecisionCommand[], results: PushResult[], now: number): PushSummary & { recorded: number } {
  const sent = new Map(batch.map((d) => [d.decisionId, d]));
  const kinds = new Set<CaseKind>();
  const step = { sent: batch.length, accepted: 0, conflicts: 0, rejected: 0, recorded: 0, kinds: [] as CaseKind[] };
  db.transaction(() => {
    for (const r of results) {
      // Only answers to what was sent in this request count.
      const d = sent.get(r.decisionId);
      if (d?.mutationId !== r.mutationId) continue;
      if (!recordPushResult(db, r, now)) continue;
      kinds.add(d.body.kind);
      step.recorded += 1;
      if (r.status === 'accepted') step.accepted += 1;
      else if (r.status === 'conflict') step.conflicts += 1;
      else step.rejected += 1;
    }
  }).immediate();
  step.kinds = [...kinds];
  return step;
}

function rejectedLocally(d: DecisionCommand, code: 'invalid' | 'forbidden', message: string): PushResult {
  return { status: 'rejected', decisionId: d.decisionId, mutationId: d.mutationId, code, message: message.slice(0, 1000) };
}
