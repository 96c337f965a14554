/**
 * What the case service recorded, read through its own HTTP API as a supervisor would: the
 * decision log (`GET /v1/audit`) and the change feed of a partition (`GET /v1/changes`).
 * Every answer is validated with the protocol's schemas.
 */
import { DecisionSummary, type Case, type CaseKind } from '../../shared/domain';
import { AuditPage, FeedLine, routes, type AuditEntry } from '../../shared/sync/protocol';

async function get(serviceUrl: string, token: string, path: string): Promise<Response> {
  const res = await fetch(new URL(path, serviceUrl), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: the case service answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/** The whole decision log, oldest first (supervisors only). */
export async function readAuditLog(serviceUrl: string, supervisorToken: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let after = 0; ; ) {
    const page = AuditPage.parse(await (await get(serviceUrl, supervisorToken, `${routes.audit}?after=${after}&limit=1000`)).json());
    entries.push(...page.entries);
    if (page.entries.length === 0 || page.next === after) return entries;
    after = page.next;
  }
}

/** The decisions in the log, each with the log entry it came from. */
export function loggedDecisions(entries: readonly AuditEntry[]): { entry: AuditEntry; decision: DecisionSummary }[] {
  return entries
    .filter((e) => e.action === 'decision')
    .map((entry) => ({ entry, decision: DecisionSummary.parse(entry.payload.decision) }));
}

/** Every case of one partition as the service holds it now (the feed replayed from the start). */
export async function readPartition(serviceUrl: string, token: string, kind: CaseKind): Promise<Map<string, Case>> {
  const cases = new Map<string, Case>();
  let cursor: string | null = null;
  for (;;) {
    const q = new URLSearchParams({ partition: kind, limit: '5000' });
    if (cursor) q.set('cursor', cursor);
    const text = await (await get(serviceUrl, token, `${routes.changes}?${q.toString()}`)).text();
    let hasMore = false;
    let ended = false;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      const line = FeedLine.parse(JSON.parse(raw));
      if (line.type === 'upsert') cases.set(line.case.id, line.case);
      else if (line.type === 'tombstone') cases.delete(line.caseId);
      else {
        cursor = line.cursor;
        hasMore = line.hasMore;
        ended = true;
      }
    }
    if (!ended) throw new Error(`a ${kind} feed page ended without its end line`);
    if (!hasMore) return cases;
  }
}

/** The cursor a console would hold after pulling the partition to its end (for a console database the test seeds itself). */
export async function feedEndCursor(serviceUrl: string, token: string, kind: CaseKind): Promise<string> {
  let cursor: string | null = null;
  for (;;) {
    const q = new URLSearchParams({ partition: kind, limit: '5000' });
    if (cursor) q.set('cursor', cursor);
    const text = await (await get(serviceUrl, token, `${routes.changes}?${q.toString()}`)).text();
    const end = text.split('\n').filter((l) => l.trim() !== '').map((l) => FeedLine.parse(JSON.parse(l))).find((l) => l.type === 'end');
    if (!end || end.type !== 'end') throw new Error(`a ${kind} feed page ended without its end line`);
    cursor = end.cursor;
    if (!end.hasMore) return cursor;
  }
}
