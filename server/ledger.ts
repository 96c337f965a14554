/**
 * The ledger: money moved by decisions in effect, one row per entry, written in the same
 * transaction as the decision (or the approval) that makes it take effect. Append-only: a
 * reversal is written as new entries. Supervisors sum it by payer, payee, merchant or month.
 */
import { LEDGER_PARTIES, type LedgerEntry, type LedgerParty } from '../shared/rulebook';
import type { LedgerRecord, LedgerSummary, LedgerSummaryQuery } from '../shared/sync/protocol';
import type { Queryable } from './db/db';

export interface LedgerContext {
  decisionId: string;
  caseId: string;
  merchantId: string;
  rulebookVersion: string | null;
  at: number;
}

export async function writeLedger(tx: Queryable, entries: readonly LedgerEntry[], ctx: LedgerContext): Promise<void> {
  await writeLedgers(tx, [{ entries, ctx }]);
}

/** The entries of several decisions in one statement, in the order given. */
export async function writeLedgers(tx: Queryable, writes: ReadonlyArray<{ entries: readonly LedgerEntry[]; ctx: LedgerContext }>): Promise<void> {
  const rows = writes.flatMap(({ entries, ctx }) => entries.map((e) => ({ e, ctx })));
  if (rows.length === 0) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T): T[] => rows.map(f);
  await tx.query(
    `INSERT INTO ledger_entries (decision_id, case_id, merchant_id, payer, payee, amount_fen, rule_ref, purpose, rulebook_version, at)
     SELECT u.decision_id, u.case_id, u.merchant_id, u.payer, u.payee, u.amount_fen, u.rule_ref, u.purpose, u.rulebook_version, u.at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[])
       WITH ORDINALITY AS u(decision_id, case_id, merchant_id, payer, payee, amount_fen, rule_ref, purpose, rulebook_version, at, n)
     ORDER BY u.n`,
    [col((r) => r.ctx.decisionId), col((r) => r.ctx.caseId), col((r) => r.ctx.merchantId), col((r) => r.e.payer), col((r) => r.e.payee),
      col((r) => r.e.amountFen), col((r) => r.e.ruleRef), col((r) => r.e.purpose), col((r) => r.ctx.rulebookVersion), col((r) => r.ctx.at)],
  );
}

interface EntryRow {
  decision_id: string;
  case_id: string;
  merchant_id: string;
  payer: LedgerParty;
  payee: LedgerParty;
  amount_fen: number;
  rule_ref: string;
  purpose: LedgerEntry['purpose'];
  at: number;
}

/** The entries of decisions, in the order written (a decision's own, for reversing them). */
export async function ledgerRecords(q: Queryable, filter: { decisionId?: string; caseId?: string } = {}): Promise<LedgerRecord[]> {
  const rows = await q.query<EntryRow>(
    `SELECT decision_id, case_id, merchant_id, payer, payee, amount_fen, rule_ref, purpose, at FROM ledger_entries
     WHERE ($1::uuid IS NULL OR decision_id = $1) AND ($2::text IS NULL OR case_id = $2) ORDER BY id`,
    [filter.decisionId ?? null, filter.caseId ?? null],
  );
  return rows.map((r) => ({
    payer: r.payer, payee: r.payee, amountFen: r.amount_fen, ruleRef: r.rule_ref, purpose: r.purpose,
    decisionId: r.decision_id, caseId: r.case_id, merchantId: r.merchant_id, at: r.at,
  }));
}

export const asEntries = (records: readonly LedgerRecord[]): LedgerEntry[] =>
  records.map((r) => ({ payer: r.payer, payee: r.payee, amountFen: r.amountFen, ruleRef: r.ruleRef, purpose: r.purpose }));

const GROUP_KEY: Record<LedgerSummaryQuery['by'], string> = {
  payer: 'payer',
  payee: 'payee',
  merchant: 'merchant_id',
  month: `to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')`,
};

/** Each party's net (received minus paid) as one SQL column per party. */
const NET_COLUMNS = LEDGER_PARTIES.map((p) => `sum(CASE WHEN payee = '${p}' THEN amount_fen WHEN payer = '${p}' THEN -amount_fen ELSE 0 END)::bigint AS "net_${p}"`).join(',\n       ');

export async function ledgerSummary(q: Queryable, query: LedgerSummaryQuery): Promise<LedgerSummary> {
  const rows = await q.query<Record<string, string | number>>(
    `SELECT ${GROUP_KEY[query.by]} AS key, count(*)::bigint AS entries, sum(amount_fen)::bigint AS total,
       ${NET_COLUMNS}
     FROM ledger_entries
     WHERE ($1::bigint IS NULL OR at >= $1) AND ($2::bigint IS NULL OR at < $2) AND ($3::text IS NULL OR merchant_id = $3)
     GROUP BY 1 ORDER BY total DESC, key`,
    [query.from ?? null, query.to ?? null, query.merchantId ?? null],
  );
  const groups = rows.map((r) => ({
    key: String(r.key),
    entries: Number(r.entries),
    totalFen: Number(r.total),
    net: Object.fromEntries(LEDGER_PARTIES.map((p) => [p, Number(r[`net_${p}`])])) as Record<LedgerParty, number>,
  }));
  return {
    by: query.by,
    from: query.from ?? null,
    to: query.to ?? null,
    merchantId: query.merchantId ?? null,
    entries: groups.reduce((n, g) => n + g.entries, 0),
    totalFen: groups.reduce((n, g) => n + g.totalFen, 0),
    groups,
  };
}
