/**
 * Ingest: the platform side adds, updates and deletes cases; every change is a feed row.
 * Personal data in a case's free text is masked here, before anything is stored: the
 * originals go to `case_personal_data` only (personal-data.ts).
 */
import type { CaseInput } from '../shared/domain';
import { maskCaseText } from '../shared/privacy';
import { MAX_FEED_LINE_BYTES, type IngestCasesResponse } from '../shared/sync/protocol';
import type { Db, Queryable } from './db/db';
import { appendFeed, caseTransaction, insertCases, lockCases, RetryTransaction, tombstoneLine, updateCases, upsertLine, type CaseRow, type FeedAppend } from './cases';
import { badRequest, notFound } from './errors';
import { replacePersonalData, type CasePersonalData } from './personal-data';
import { withEvidenceFacts } from './evidence-facts';
import { knownBadMatcher, type KnownBadMatcher } from './known-bad';
import { DEFAULT_PDQ_MATCH_DISTANCE } from '../shared/evidence/matching';

/**
 * Room left in a feed line for what the service adds later: a decision with its reason,
 * justification and a supervisor's answer (each up to 2,000 characters, 3 bytes each in
 * UTF-8), its history events, and a lease.
 */
const SERVICE_HEADROOM_BYTES = 32 * 1024;

export interface IngestOptions {
  /** Known-bad lists are matched at this distance (the service's match distance). */
  matchDistance: number;
}

export async function ingestCases(db: Db, cases: readonly CaseInput[], opts: IngestOptions = { matchDistance: DEFAULT_PDQ_MATCH_DISTANCE }): Promise<IngestCasesResponse> {
  checkBatch(cases);
  return caseTransaction(db, async (tx) => ingestInTransaction(tx, cases, await knownBadMatcher(db, tx, opts.matchDistance)));
}

function checkBatch(cases: readonly CaseInput[]): void {
  const seen = new Map<string, number>();
  cases.forEach((c, i) => {
    const first = seen.get(c.id);
    if (first !== undefined) throw badRequest(`cases[${i}].id: case ${c.id} appears twice in this batch (also at cases[${first}])`);
    seen.set(c.id, i);
  });
}

/**
 * The work of one ingest inside a caller's transaction (throws `RetryTransaction` when it must
 * run again; `caseTransaction` does that). A case whose input is unchanged keeps its version
 * and writes nothing.
 */
export async function ingestInTransaction(tx: Queryable, sent: readonly CaseInput[], knownBad: KnownBadMatcher = () => []): Promise<IngestCasesResponse> {
  checkBatch(sent);
  const masked = sent.map((c) => maskCaseText(c));
  const cases = await withEvidenceFacts(tx, masked.map((m) => m.input), knownBad);
  const personalData: CasePersonalData[] = masked.map((m) => ({ caseId: m.input.id, fields: m.fields }));
  const { rows: existing, now } = await lockCases(tx, cases.map((c) => c.id));
  const created: CaseRow[] = [];
  const changed: CaseRow[] = [];
  const feed: FeedAppend[] = [];
  const versions: Record<string, number> = {};
  cases.forEach((c, i) => {
    const input = JSON.stringify(c);
    const old = existing.get(c.id);
    if (old && old.kind !== c.kind) {
      throw badRequest(`cases[${i}].kind: case ${c.id} is a ${old.kind}; the kind of a case cannot change`);
    }
    let row: CaseRow;
    if (!old) {
      row = {
        id: c.id, kind: c.kind, status: c.status, version: 1, input, service_events: '[]', last_decision: null, updated_at: c.updatedAt,
        deleted: false, lease_holder_id: null, lease_holder_name: null, lease_epoch: 0, lease_expires_at: null, lease_mode: null, escalation: null,
      };
      created.push(row);
    } else if (old.deleted || old.input !== input) {
      // The service keeps its decision record: a decided case (or one whose decision awaits a
      // supervisor) stays so whatever the platform resends; one sent back is the platform's again.
      const serviceOwned = old.last_decision !== null && (old.status === 'decided' || old.status === 'awaiting_approval');
      row = { ...old, input, status: serviceOwned ? old.status : c.status, version: old.version + 1, updated_at: c.updatedAt, deleted: false };
      changed.push(row);
    } else {
      versions[c.id] = old.version;
      return;
    }
    const line = upsertLine(row, c);
    const bytes = Buffer.byteLength(line, 'utf8');
    if (bytes > MAX_FEED_LINE_BYTES - SERVICE_HEADROOM_BYTES) {
      throw badRequest(`cases[${i}]: case ${c.id} takes ${bytes} bytes as a feed line; the most a case may take is ${MAX_FEED_LINE_BYTES - SERVICE_HEADROOM_BYTES}`);
    }
    feed.push({ partition: row.kind, caseId: row.id, tombstone: false, line });
    versions[c.id] = row.version;
  });
  // Another transaction inserted one of these ids after we looked: run again, it is an update now.
  if (!(await insertCases(tx, created))) throw new RetryTransaction('a new case was inserted concurrently');
  await updateCases(tx, changed);
  await appendFeed(tx, feed, now);
  // Also for a case whose masked text is unchanged: the original behind a mask may have changed.
  await replacePersonalData(tx, personalData, now);
  return { upserted: created.length + changed.length, versions };
}

/** Removes a case from the queues: a tombstone in the feed. Its decision record stays. */
export async function deleteCase(db: Db, caseId: string): Promise<void> {
  await caseTransaction(db, async (tx) => {
    const { rows, now } = await lockCases(tx, [caseId]);
    const old = rows.get(caseId);
    if (!old || old.deleted) throw notFound(`no case ${caseId}`);
    const row: CaseRow = { ...old, deleted: true, version: old.version + 1, lease_holder_id: null, lease_holder_name: null, lease_expires_at: null, lease_mode: null };
    await updateCases(tx, [row]);
    await appendFeed(tx, [{ partition: row.kind, caseId, tombstone: true, line: tombstoneLine(caseId) }], now);
  });
}

