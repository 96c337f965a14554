/**
 * Seeds a console database with a large violation queue without going through the case
 * service (loading a million cases over HTTP takes far too long for an e2e test). It uses the
 * core's own bootstrap steps, as the sync engine runs them for a first pull into an empty
 * table: the derived indexes and counts are deferred (`deferDerived`), each page of generated
 * cases is applied with its cursor in one transaction (`applyPage`), and the derived
 * structures are rebuilt at the end (`buildDerived`). The cursor stored is a real one of the
 * (empty) case service, so the console's next pull finds nothing new.
 *
 * Each case becomes the feed line the service would send and goes through the core's
 * `toPageChange`; only the schema validation of `validatePage` is skipped (the demo generator's
 * output is checked against the schemas by the demo's own tests).
 */
import { buildDerived, deferDerived } from '../../electron/core/db/derived';
import { openDatabase } from '../../electron/core/db/open';
import { applyPage } from '../../electron/core/sync/pull';
import { toPageChange, type PageChange } from '../../electron/core/sync/feed';
import { EvidenceIndex, generateEvidencePool } from '../../resources/demo/evidence';
import { generateCase } from '../../resources/demo/generate';
import type { Case, CaseStatus, Region } from '../../shared/domain';
import type { FeedUpsert } from '../../shared/sync/protocol';

const PAGE = 5_000;

/** What the seeded queue holds, for the test to compare the grid against. */
export interface QueueFacts {
  total: number;
  byStatus: Map<CaseStatus, number>;
  /** Open cases per region, and the largest amount among the open cases of each region. */
  openByRegion: Map<Region, { count: number; maxAmountFen: number }>;
  openMaxAmountFen: number;
  /** The region of every open case, by id. */
  regionOf: Map<string, Region>;
  seconds: number;
}

const utf8 = new TextEncoder();

export async function seedViolationQueue(dbPath: string, opts: { count: number; cursor: string; seed?: number }): Promise<QueueFacts> {
  const started = Date.now();
  const seed = opts.seed ?? 7;
  const now = Date.now();
  const evidence = new EvidenceIndex(await generateEvidencePool({ seed, size: 1 }));
  const facts: QueueFacts = { total: 0, byStatus: new Map(), openByRegion: new Map(), openMaxAmountFen: 0, regionOf: new Map(), seconds: 0 };
  const db = openDatabase(dbPath);
  try {
    db.transaction(() => deferDerived(db)).immediate();
    let changes: PageChange[] = [];
    // Past the five typical complaints; only the violations of the generated mix.
    for (let index = 5; facts.total < opts.count; index++) {
      const input = generateCase(index, seed, now, evidence);
      if (input.kind !== 'violation') continue;
      const c: Case = { ...input, version: 1, lastDecision: null };
      // Each case as the feed line the service would send, turned into a page change by the core.
      const line: FeedUpsert = { type: 'upsert', case: c, lease: null };
      changes.push(toPageChange(line, utf8.encode(JSON.stringify(line))));
      facts.total += 1;
      facts.byStatus.set(c.status, (facts.byStatus.get(c.status) ?? 0) + 1);
      if (c.status === 'open') {
        const r = facts.openByRegion.get(c.region) ?? { count: 0, maxAmountFen: 0 };
        facts.openByRegion.set(c.region, { count: r.count + 1, maxAmountFen: Math.max(r.maxAmountFen, c.amountFen) });
        facts.openMaxAmountFen = Math.max(facts.openMaxAmountFen, c.amountFen);
        facts.regionOf.set(c.id, c.region);
      }
      const last = facts.total === opts.count;
      if (changes.length === PAGE || last) {
        applyPage(db, { kind: 'violation', changes, end: { type: 'end', cursor: opts.cursor, hasMore: !last, count: changes.length }, bytes: 0, data: new Uint8Array(0) }, null, Date.now());
        changes = [];
      }
    }
    db.transaction(() => buildDerived(db)).immediate();
  } finally {
    db.close();
  }
  facts.seconds = (Date.now() - started) / 1000;
  return facts;
}
