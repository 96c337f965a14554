/**
 * One push batch inside its transaction: the cases it locked, as its commands leave them, and
 * the writes of its commands, held back and written together (`flush`) so a batch of a
 * thousand decisions costs a handful of statements rather than a thousand transactions.
 */
import type { StaffMember } from '../shared/domain';
import type { LedgerEntry } from '../shared/rulebook';
import type { PushResult } from '../shared/sync/protocol';
import { appendAudit, type AuditAppend } from './audit';
import { appendFeed, updateCases, upsertChange, type CaseRow, type FeedAppend } from './cases';
import type { Queryable } from './db/db';
import { insertDecisionRecords, type DecisionRecord } from './decision-records';
import { grantKey, recordEnded, type LeaseGrant } from './lease-grants';
import { writeLedgers, type LedgerContext } from './ledger';
import { storeAnswers, type PushedCommand, type StoredAnswer } from './push-answers';

export class PushBatch {
  /** Cases as written by the last flush (or as locked). */
  private readonly flushed: Map<string, CaseRow>;
  /** Cases changed since, in their latest state. */
  private readonly changed = new Map<string, CaseRow>();
  private feed: FeedAppend[] = [];
  private records: DecisionRecord[] = [];
  private ledger: Array<{ entries: readonly LedgerEntry[]; ctx: LedgerContext }> = [];
  private audit: AuditAppend[] = [];
  private answers: StoredAnswer[] = [];
  /** Leases ended by a decision of this batch since the last flush, by `grantKey`. */
  private leasesEnded = new Map<string, { caseId: string; epoch: number }>();
  /** Leases ended by a decision of this batch, written. */
  private readonly endedWritten = new Set<string>();

  constructor(
    readonly tx: Queryable,
    readonly staff: StaffMember,
    readonly clientId: string,
    /** The database clock when the cases were locked: one time for the whole batch. */
    readonly now: number,
    locked: Map<string, CaseRow>,
    /** The leases the batch's decisions carry the epochs of, as read when the cases were locked. */
    private readonly grants: ReadonlyMap<string, LeaseGrant> = new Map(),
  ) {
    this.flushed = locked;
  }

  /** The lease of `epoch` on the case, as the commands before this one left it; undefined when nobody ever held it. */
  grant(caseId: string, epoch: number): LeaseGrant | undefined {
    const key = grantKey(caseId, epoch);
    const g = this.grants.get(key);
    return g && (this.leasesEnded.has(key) || this.endedWritten.has(key)) ? { ...g, endedAt: this.now, endedBy: 'decision' } : g;
  }

  /** The decision made under this lease ends it: no second decision can be made under it. */
  endLease(caseId: string, epoch: number): void {
    this.leasesEnded.set(grantKey(caseId, epoch), { caseId, epoch });
  }

  /** The case as the commands before this one left it; undefined when it does not exist (or was not locked). */
  caseRow(caseId: string): CaseRow | undefined {
    return this.changed.get(caseId) ?? this.flushed.get(caseId);
  }

  /** A new state of a case: written back at the flush, and one feed row per change, in order. */
  writeCase(next: CaseRow): void {
    this.changed.set(next.id, next);
    this.feed.push(upsertChange(next));
  }

  recordDecision(rec: DecisionRecord): void {
    this.records.push(rec);
  }

  writeLedger(entries: readonly LedgerEntry[], ctx: LedgerContext): void {
    if (entries.length > 0) this.ledger.push({ entries, ctx });
  }

  log(entry: AuditAppend): void {
    this.audit.push(entry);
  }

  answer(command: PushedCommand, result: PushResult, sha256: string): void {
    this.answers.push({ command, result, sha256 });
  }

  /**
   * Writes the decision records and ledger entries held back so far. Called before a command
   * reads them (appeals, approvals), so it sees what the commands before it in the batch did.
   */
  async flushRecords(): Promise<void> {
    const records = this.records;
    const ledger = this.ledger;
    this.records = [];
    this.ledger = [];
    if (records.length > 0) await insertDecisionRecords(this.tx, records);
    await writeLedgers(this.tx, ledger);
  }

  /** Writes everything held back; the decision log last (its lock is held until commit). */
  async flush(): Promise<void> {
    await this.flushRecords();
    const rows = [...this.changed.values()];
    if (rows.length > 0) await updateCases(this.tx, rows, { input: false });
    if (this.feed.length > 0) await appendFeed(this.tx, this.feed, this.now);
    if (this.answers.length > 0) await storeAnswers(this.tx, this.clientId, this.staff, this.answers, this.now);
    await recordEnded(this.tx, [...this.leasesEnded.values()], this.now, 'decision');
    await appendAudit(this.tx, this.audit, this.now);
    for (const row of rows) this.flushed.set(row.id, row);
    for (const key of this.leasesEnded.keys()) this.endedWritten.add(key);
    this.discard();
  }

  /** Forgets what was held back (its command was rolled back to its savepoint). */
  discard(): void {
    this.changed.clear();
    this.feed = [];
    this.records = [];
    this.ledger = [];
    this.audit = [];
    this.answers = [];
    this.leasesEnded.clear();
  }
}
