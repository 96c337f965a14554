/**
 * The appeal as the console judges it. The ladder for the contested violation works from
 * `detail.contested.violation`, which the platform sends with the appeal; when an appeal came
 * without it, the console takes it from its own replica of the contested case, if it holds that
 * case with the contested decision standing on it (a supervisor's console replicates
 * violations), with the facts that decision established when this console made it.
 */
import type { ReadableDB } from './db/handles';
import type { AppealCase, Case } from '../../shared/domain';
import { contestedViolationOf } from '../../shared/rulebook';
import { getCase } from './db/cases';
import { getDecision } from './db/decisions';

export function caseAsJudged(db: ReadableDB, c: Case): Case {
  return c.kind === 'appeal' ? appealAsReplicated(db, c) : c;
}

function appealAsReplicated(db: ReadableDB, c: AppealCase): AppealCase {
  const contested = c.detail.contested;
  if (contested.violation) return c;
  const original = getCase(db, contested.caseId)?.case;
  if (original?.kind !== 'violation' || original.lastDecision?.decisionId !== contested.decisionId) return c;
  const mine = getDecision(db, contested.decisionId)?.command.facts;
  const violation = contestedViolationOf(original, mine?.kind === 'violation' ? mine : null);
  return { ...c, detail: { ...c.detail, contested: { ...contested, violation } } };
}
