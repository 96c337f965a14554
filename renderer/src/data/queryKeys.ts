import type { QueryFilters, QueryKey } from '@tanstack/react-query';
import type { QueueFilter } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import type { CaseFacts } from '../../../shared/rulebook/facts';

/**
 * Every piece of server data the screens show has one key here. Keys are prefixes of each
 * other where one change covers several: `['queue', kind]` holds that queue's count, and
 * `['case', kind, caseId]` holds a case's detail and the rulebook's answers about it, so
 * one change of a kind invalidates both with two prefixes.
 */
export const queryKeys = {
  session: ['session'] as const,
  /** The tab counts (queues.list). */
  queueSummaries: ['queueSummaries'] as const,
  syncStatus: ['syncStatus'] as const,
  conflicts: ['conflicts'] as const,
  /** Everything of one queue (its count per filter). */
  queue: (kind: CaseKind) => ['queue', kind] as const,
  queueCount: (kind: CaseKind, filter: QueueFilter) => ['queue', kind, 'count', filter] as const,
  /** Everything about the cases of one kind. */
  casesOf: (kind: CaseKind) => ['case', kind] as const,
  case: (kind: CaseKind, caseId: string) => ['case', kind, caseId] as const,
  recommendation: (kind: CaseKind, caseId: string, facts: CaseFacts) => ['case', kind, caseId, 'recommend', facts] as const,
  /** The rulebook version the console judges by (rulebook.current). */
  rulebook: ['rulebook'] as const,
  ledger: ['ledger'] as const,
  /** The reviewer's offline checkout (checkout.status): how many cases, until when. */
  checkout: ['checkout'] as const,
  ledgerSummary: (query: unknown) => ['ledger', query] as const,
  pref: (key: string) => ['pref', key] as const,
  /** The escalated view (escalations.list) and my latest move of a case (under the case, so its changes cover it). */
  escalations: ['escalations'] as const,
  myEscalation: (kind: CaseKind, caseId: string) => ['case', kind, caseId, 'escalation'] as const,
  /** A photo's facts (evidence.facts): from immutable bytes, never stale. */
  evidenceFacts: (sha256: string) => ['evidenceFacts', sha256] as const,
  /** The evidence cache's limit, use and prefetch (evidence.cache); `evidence.progress` refreshes it. */
  evidenceCache: ['evidenceCache'] as const,
} satisfies Record<string, QueryKey | ((...args: never[]) => QueryKey)>;

/**
 * What a `data.changed` naming `kinds` makes stale: those queues and cases, the tab counts, the
 * ledger (an accepted decision moves money) and the offline checkout (a claim or decision ends
 * it). Not the sync status (its own event carries it whole), the conflicts (their own event),
 * the session, the prefs, statements or evidence, which no case change touches.
 */
export function staleAfterChange(kinds: readonly CaseKind[]): QueryFilters[] {
  if (kinds.length === 0) return [];
  return [
    ...kinds.flatMap((k) => [{ queryKey: queryKeys.queue(k) }, { queryKey: queryKeys.casesOf(k) }]),
    { queryKey: queryKeys.queueSummaries, exact: true },
    { queryKey: queryKeys.ledger },
    { queryKey: queryKeys.checkout, exact: true },
    { queryKey: queryKeys.escalations, exact: true },
  ];
}

/** Keys that outlive no sign-in: everything but the session itself is the signed-in staff member's. */
export function belongsToSignIn(key: QueryKey): boolean {
  return key[0] !== queryKeys.session[0];
}
