/**
 * The statement of reasons of a decision, computed in the console from the replicated case,
 * the decision and the rulebook version it was checked against, so it works offline. The
 * decision is found among my own (their command holds the facts they were checked with) or as
 * the last decision of a replicated case. The shared `statementJson` writes it from rulebook
 * clauses, fact templates and structured fields only: no names, ids of people or free text.
 */
import type { ReadableDB } from './db/handles';
import type { Case, DecisionSummary, StaffMember } from '../../shared/domain';
import { approvalGrounds, checkDecision, defaultFacts, type CaseFacts } from '../../shared/rulebook';
import { merchantNoticeZh, statementJson, type StatementOfReasons } from '../../shared/statement';
import { getCase } from './db/cases';
import { getDecision, type StoredDecision } from './db/decisions';
import { ConsoleError } from './errors';
import type { Rulebooks } from './rulebooks';

export interface LocalStatement {
  statement: StatementOfReasons;
  noticeZh: string;
}

export interface FoundDecision {
  case: Case;
  summary: DecisionSummary;
  /** Known for my own decisions; null for someone else's (the replica does not carry them). */
  facts: CaseFacts | null;
}

/** The case whose last decision is `decisionId`, among the decided cases of the replica. */
function caseDecidedBy(db: ReadableDB, decisionId: string): Case | null {
  const ids = db.prepare(`SELECT c.id FROM cases c JOIN case_bodies b ON b.seq = c.seq
    WHERE c.last_decided_at IS NOT NULL AND instr(b.body, ?) > 0`).pluck().all(decisionId) as string[];
  for (const id of ids) {
    const c = getCase(db, id)?.case;
    if (c?.lastDecision?.decisionId === decisionId) return c;
  }
  return null;
}

/** My decision as the service will have recorded it, when the replica does not show it (yet). */
function summaryOfMine(c: Case, d: StoredDecision, staff: StaffMember, shelf: Rulebooks): DecisionSummary {
  const cmd = d.command;
  const rb = cmd.rulebookVersion === undefined ? undefined : shelf.get(cmd.rulebookVersion);
  const check = rb ? checkDecision(c, cmd.body, cmd.facts ?? defaultFacts(c.kind), rb) : null;
  const grounds = rb ? approvalGrounds(cmd.body, rb).map((g) => g.ref) : [];
  return {
    decisionId: cmd.decisionId, caseId: cmd.caseId, decidedBy: { id: staff.id, name: staff.name }, decidedAt: cmd.decidedAt,
    body: cmd.body, ruleRef: cmd.ruleRef, reason: cmd.reason,
    ...(cmd.rulebookVersion !== undefined ? { rulebookVersion: cmd.rulebookVersion } : {}),
    ...(check?.ok ? { departure: check.departure } : {}),
    ...(cmd.justification !== undefined ? { justification: cmd.justification } : {}),
    ...(grounds.length > 0 && d.state === 'accepted' ? { approval: { state: 'pending' as const, grounds } } : {}),
  };
}

export function findDecision(db: ReadableDB, decisionId: string, staff: StaffMember, shelf: Rulebooks): FoundDecision {
  const mine = getDecision(db, decisionId);
  if (mine) {
    const c = getCase(db, mine.caseId)?.case;
    if (!c) throw new ConsoleError('not_found', `case ${mine.caseId} of decision ${decisionId} is not in this console's queues`);
    if (mine.state !== 'accepted') {
      throw new ConsoleError('conflict', `decision ${decisionId} is ${mine.state === 'pending' ? 'not yet accepted by the case service' : mine.state}: only a decision the service accepted has a statement of reasons`);
    }
    const facts = mine.command.facts ?? defaultFacts(c.kind);
    const summary = c.lastDecision?.decisionId === decisionId ? c.lastDecision : summaryOfMine(c, mine, staff, shelf);
    return { case: c, summary, facts };
  }
  const c = caseDecidedBy(db, decisionId);
  if (!c?.lastDecision) throw new ConsoleError('not_found', `no decision ${decisionId} in this console: neither yours nor the last decision of a case in its queues`);
  return { case: c, summary: c.lastDecision, facts: null };
}

/** The statement and the merchant notice of a found decision, by the rulebook version it cites. */
export function statementOf(found: FoundDecision, shelf: Rulebooks, now: number): LocalStatement {
  const version = found.summary.rulebookVersion;
  const rulebook = version === undefined ? shelf.current(now) : shelf.get(version);
  if (!rulebook) {
    throw new ConsoleError('not_found', `decision ${found.summary.decisionId} was checked against rulebook ${version ?? '?'}, which this console does not have (it has ${shelf.versions.join(', ')})`);
  }
  const statement = statementJson({
    decision: found.summary,
    case: found.case,
    rulebook,
    ...(found.facts ? { facts: found.facts } : {}),
  });
  return { statement, noticeZh: merchantNoticeZh(statement) };
}
