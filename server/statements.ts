/** The statement of reasons of a recorded decision, from the service's decision record. */
import { canRead, type Case, type StaffMember } from '../shared/domain';
import { statementJson, type StatementOfReasons } from '../shared/statement';
import type { Queryable } from './db/db';
import { decisionRecord } from './decision-records';
import { forbidden, HttpError, notFound } from './errors';
import { asEntries, ledgerRecords } from './ledger';
import type { RulebookShelf } from './rulebooks';

/**
 * 404 for an unknown decision, 403 for staff who may not read its kind of case. Written from the
 * case as it was decided, the facts and rulebook version the decision was checked with, and the
 * ledger entries actually written (those still pending for a held decision).
 */
export async function statementOf(q: Queryable, staff: StaffMember, decisionId: string, shelf: RulebookShelf): Promise<StatementOfReasons> {
  const record = await decisionRecord(q, decisionId);
  if (!record) throw notFound(`no decision ${decisionId}`);
  if (!canRead(staff.role, record.kind)) throw forbidden(`a ${staff.role} may not read ${record.kind} decisions`);
  const version = record.summary.rulebookVersion;
  // Decisions recorded before rulebook versions were: explained by the current rulebook.
  const rulebook = version === undefined ? shelf.current : shelf.get(version);
  if (!rulebook) throw new HttpError(409, 'unknown_rulebook', `decision ${decisionId} was checked against rulebook ${version ?? '?'}, which this case service no longer has`);
  const decided = { ...record.caseInput, version: 1, lastDecision: record.summary } as Case;
  const money = record.state === 'awaiting_approval' ? record.pendingLedger : asEntries(await ledgerRecords(q, { decisionId: record.decisionId }));
  return statementJson({
    decision: record.summary,
    case: decided,
    rulebook,
    ...(record.facts ? { facts: record.facts } : {}),
    effectiveAt: record.effectiveAt,
    money,
  });
}
