/** The inbox's English words for a conflict answer (kept for logs and API consumers): what happened, who decided what, when, and who answered it if it was held. */
import type { DecisionSummary } from '../../../shared/domain';

/**
 * `serviceMessage`: the service's own sentence, used for a reason this console does not know
 * (a newer service's), so the inbox still says what happened.
 */
export function conflictMessage(reason: string, theirs: DecisionSummary | null, serviceMessage?: string): string {
  const answer = theirs?.approval && theirs.approval.state !== 'pending'
    ? ` The held decision was already ${theirs.approval.state} by ${theirs.approval.by.name} at ${new Date(theirs.approval.at).toISOString()}.`
    : '';
  const who = theirs ? ` ${theirs.decidedBy.name} decided ${theirs.body.outcome.type} at ${new Date(theirs.decidedAt).toISOString()}.${answer}` : '';
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
