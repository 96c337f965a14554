/** The inbox's words for a conflict answer: what happened, and who decided what, when. */
import type { DecisionSummary } from '../../../shared/domain';

/**
 * `serviceMessage`: the service's own sentence, used for a reason this console does not know
 * (a newer service's), so the inbox still says what happened.
 */
export function conflictMessage(reason: string, theirs: DecisionSummary | null, serviceMessage?: string): string {
  const who = theirs ? ` ${theirs.decidedBy.name} decided ${theirs.body.outcome.type} at ${new Date(theirs.decidedAt).toISOString()}.` : '';
  switch (reason) {
    case 'already_decided':
      return `The case was already decided.${who}`;
    case 'case_changed':
      return `The case changed after you looked at it.${who}`;
    case 'lease_lost':
      return `Your claim on the case had ended or passed to someone else when the decision arrived.${who}`;
    default:
      return `${serviceMessage ?? `Conflict: ${reason}.`}${who}`;
  }
}
