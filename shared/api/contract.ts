/**
 * The console API: every call the renderer can make, channel → input schema → output schema.
 * The preload allowlist, the input validation in main and in web mode, and the typed
 * renderer client are all derived from this one table.
 */
import { z } from 'zod';
import { Case } from '../domain/cases';
import { DecisionBody, DecisionJustification, DecisionReason, DecisionSummary, RuleRef } from '../domain/decisions';
import { Refusal } from '../domain/refusals';
import { CaseFacts } from '../rulebook/facts';
import { Rulebook } from '../rulebook/schema';
import { Recommendation } from '../rulebook/types';
import { StatementOfReasons } from '../statement/schema';
import { EntityId, Fen, Sha256Hex, UtcMillis, text } from '../domain/primitives';
import { StaffMember } from '../domain/staff';
import { EvidenceCacheStatus, EvidencePrefetchStatus, MAX_EVIDENCE_CACHE_BYTES, MIN_EVIDENCE_CACHE_BYTES } from '../evidence/cache-status';
import { PhotoFacts } from '../evidence/photo-facts';
import { CaseKind, CaseStatus, ProductCategory, Region, Severity } from '../domain/taxonomy';
import { CaseReuse } from '../evidence/reuse';
import { ConflictReason, LeaseAnswer, LeaseInfo, LedgerSummary, LedgerSummaryQuery, MAX_CLAIM_BATCH, MAX_OFFLINE_CHECKOUT, RejectCode } from '../sync/protocol';
import { RevealRequest } from '../sync/protocol';
import { Escalation, EscalationMove, EscalationNote } from '../domain/escalation';

export const QUEUE_SORT_COLUMNS = ['slaDueAt', 'priority', 'createdAt', 'updatedAt', 'amountFen'] as const;
export const QueueSortColumn = z.enum(QUEUE_SORT_COLUMNS);
export type QueueSortColumn = z.infer<typeof QueueSortColumn>;

/** Every filter the grid offers; each is served by an index in the console database. */
export const QueueFilter = z.object({
  status: z.array(CaseStatus).max(4).optional(),
  category: z.array(ProductCategory).max(20).optional(),
  region: z.array(Region).max(20).optional(),
  severity: z.array(Severity).max(4).optional(),
  merchantId: EntityId.optional(),
  /** Only cases whose SLA deadline has passed. */
  slaBreached: z.boolean().optional(),
  /** Only cases this reviewer holds a lease on. */
  mine: z.boolean().optional(),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

export const MAX_QUEUE_PAGE = 500;

/**
 * The position of a page's last row in its queue's order, as the console hands it out: opaque to
 * the renderer, checked by the console against the query it is sent with.
 */
export const QueueAnchor = z.string().min(1).max(160).regex(/^[0-9a-z.-]+$/, 'not a page anchor');

export const QueuePageQuery = z.object({
  kind: CaseKind,
  sort: z.object({ column: QueueSortColumn, direction: z.enum(['asc', 'desc']) }).default({ column: 'slaDueAt', direction: 'asc' }),
  filter: QueueFilter.default({}),
  /** The first row's position; without `after`, the rows skipped. */
  offset: z.number().int().min(0).max(100_000_000),
  limit: z.number().int().min(1).max(MAX_QUEUE_PAGE),
  /** The previous page's anchor (same queue, sort and filter): the page starts right after that row, at any depth for the same cost. */
  after: QueueAnchor.optional(),
});
export type QueuePageQuery = z.input<typeof QueuePageQuery>;

/** One grid row: the flat fields of a case plus the reviewer's local overlay. */
export const CaseRow = z.object({
  id: EntityId,
  kind: CaseKind,
  status: CaseStatus,
  priority: z.number().int(),
  createdAt: UtcMillis,
  updatedAt: UtcMillis,
  slaDueAt: UtcMillis,
  category: ProductCategory,
  region: Region,
  amountFen: Fen,
  merchantId: EntityId,
  merchantName: z.string(),
  title: z.string(),
  severity: Severity.nullable(),
  leaseHolder: z.string().nullable(),
  leaseExpiresAt: UtcMillis.nullable(),
  /** The reviewer has a decision on this case waiting to be pushed. */
  pending: z.boolean(),
  /** The reviewer's decision on this case came back as a conflict or rejection. */
  inConflict: z.boolean(),
});
export type CaseRow = z.infer<typeof CaseRow>;

export const QueueSummary = z.object({
  kind: CaseKind,
  total: z.number().int(),
  open: z.number().int(),
  awaitingApproval: z.number().int(),
  breached: z.number().int(),
  mine: z.number().int(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

export const LocalDecisionState = z.enum(['pending', 'accepted', 'conflict', 'rejected', 'withdrawn']);
export type LocalDecisionState = z.infer<typeof LocalDecisionState>;

/** A decision this reviewer made, as the console keeps it until the service has answered. */
export const LocalDecision = z.object({
  decisionId: z.uuid(),
  mutationId: z.number().int(),
  caseId: EntityId,
  body: DecisionBody,
  ruleRef: RuleRef,
  reason: z.string(),
  decidedAt: UtcMillis,
  state: LocalDecisionState,
});
export type LocalDecision = z.infer<typeof LocalDecision>;

export const MyLease = z.object({ epoch: z.number().int(), expiresAt: UtcMillis, mode: z.enum(['online', 'offline']) });

export const CaseDetail = z.object({
  case: Case,
  lease: LeaseInfo.nullable(),
  myLease: MyLease.nullable(),
  myDecision: LocalDecision.nullable(),
  /** Earlier decisions on the same merchant or buyer, newest first. */
  priorDecisions: z.array(DecisionSummary.extend({ caseTitle: z.string() })),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const Conflict = z.object({
  decisionId: z.uuid(),
  caseId: EntityId,
  kind: CaseKind,
  caseTitle: z.string(),
  mine: LocalDecision,
  status: z.enum(['conflict', 'rejected']),
  /** A conflict's reason or a rejection's code; one this console does not know is shown with `message`. */
  reason: z.union([ConflictReason, RejectCode]),
  /** In English, for logs: a conflict is shown from `reason` and `theirs`, a rejection from `refusals`. */
  message: z.string(),
  /** A rejection's reasons as codes with parameters; empty for a conflict and for answers stored before codes. */
  refusals: z.array(Refusal).default([]),
  /** What stands on the server, for a conflict. */
  theirs: DecisionSummary.nullable(),
  receivedAt: UtcMillis,
});
export type Conflict = z.infer<typeof Conflict>;

export const SyncProgress = z.object({
  phase: z.enum(['idle', 'bootstrap', 'pull', 'push']),
  kind: CaseKind.nullable(),
  received: z.number().int(),
  ratePerSec: z.number(),
});

/** The audit log's signing key as the service states it: shown for the supervisor to confirm, trusted only then. */
export const AuditKeyToConfirm = z.object({ origin: z.string(), key: z.string(), fingerprint: Sha256Hex });
export const AuditReplicaStatus = z.object({
  /** The verifier key this console pinned (`name+hash+base64`); null until configured or confirmed. */
  pinnedKey: z.string().nullable(),
  /** Set while no key is pinned: the key the service states, for the confirm dialog. */
  keyToConfirm: AuditKeyToConfirm.nullable(),
  /** Entries held, all verified. */
  entries: z.number().int(),
  lastCheckpoint: z.object({ size: z.number().int(), signedAt: UtcMillis }).nullable(),
  /** Why replication stopped (names the entry or checkpoint); null when it did not. */
  error: z.string().nullable(),
});
export type AuditReplicaStatus = z.infer<typeof AuditReplicaStatus>;

export const SyncStatus = z.object({
  online: z.boolean(),
  serverUrl: z.string(),
  lastPullAt: UtcMillis.nullable(),
  lastPushAt: UtcMillis.nullable(),
  pending: z.number().int(),
  conflicts: z.number().int(),
  partitions: z.array(z.object({ kind: CaseKind, bootstrapped: z.boolean(), rows: z.number().int(), lastPullAt: UtcMillis.nullable() })),
  progress: SyncProgress,
  lastError: z.string().nullable(),
  /** The case service refused the console's token as expired or revoked: a new one is needed. */
  tokenProblem: z.enum(['expired', 'revoked']).nullable().optional(),
  /** Supervisors: the audit log replica (absent for other roles). */
  audit: AuditReplicaStatus.optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A verdict of `audit.verify` (the same JSON as `npm run audit -- verify`, docs/audit-log.md). */
export const AuditVerdict = z.object({
  ok: z.boolean(),
  entriesChecked: z.number().int(),
  checkpointsChecked: z.number().int(),
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  lastCheckpoint: z.object({ size: z.number().int(), root: z.string(), signedAt: z.number() }).nullable(),
  firstBad: z.object({ at: z.enum(['entry', 'checkpoint', 'window', 'file']), line: z.number().int(), reason: z.string(), seq: z.number().int().optional(), size: z.number().int().nullable().optional(), fromSize: z.number().int().optional(), toSize: z.number().int().optional() }).nullable(),
  file: z.string(),
  origin: z.string().nullable(),
  key: z.object({ name: z.string(), fingerprint: z.string(), source: z.enum(['given', 'file']) }).nullable(),
  /** With a reference (the console's replica): the first entry that differs, found by descending the tree. */
  reference: z.object({ firstDifferingSeq: z.number().int().nullable(), detail: z.string() }).optional(),
});
export type AuditVerdict = z.infer<typeof AuditVerdict>;

export const Session = z.object({ staff: StaffMember, clientId: z.uuid(), serverUrl: z.string() });
export type Session = z.infer<typeof Session>;

/**
 * What a bulk run applies to each case: the case's own recommendation (for its own facts), or
 * one common decision, with one justification recorded on every case it departs from.
 */
export const BulkChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('recommended') }),
  z.object({ mode: z.literal('common'), body: DecisionBody, ruleRef: RuleRef, justification: DecisionJustification.optional() }),
]);
export type BulkChoice = z.infer<typeof BulkChoice>;

/** One case of a bulk preview: what would be decided, by which clause, and whether the check lets it through. */
export const BulkPreviewItem = z.object({
  caseId: EntityId,
  title: z.string(),
  recommended: z.object({ body: DecisionBody, ruleRef: RuleRef }).nullable(),
  /** What the run would apply; null when there is nothing to apply (no recommendation for the case's facts). */
  decision: z.object({ body: DecisionBody, ruleRef: RuleRef }).nullable(),
  departure: z.boolean(),
  needsApproval: z.boolean(),
  /** False: the case is left out of the run; `refusals` say why. */
  ok: z.boolean(),
  refusals: z.array(Refusal),
});
export type BulkPreviewItem = z.infer<typeof BulkPreviewItem>;

export const BulkOutcome = z.object({
  caseId: EntityId,
  status: z.enum(['decided', 'refused', 'failed']),
  decisionId: z.uuid().nullable(),
  /** Why not decided: the check's refusals, or the claim's or the decision's error. */
  error: z.object({ code: z.string(), message: z.string(), refusals: z.array(Refusal) }).nullable(),
});
export type BulkOutcome = z.infer<typeof BulkOutcome>;

/** The reviewer's offline checkout: how many cases are held offline, until when, and the service's bound. */
export const CheckoutStatus = z.object({ held: z.number().int(), expiresAt: UtcMillis.nullable(), limit: z.number().int() });
export type CheckoutStatus = z.infer<typeof CheckoutStatus>;

const empty = z.object({});
const caseIds = z.object({ caseIds: z.array(EntityId).min(1).max(200) });

export const consoleApi = {
  'session.get': { input: empty, output: Session },
  'queues.list': { input: empty, output: z.array(QueueSummary) },
  /** `anchor`: the last row's, to send as `after` for the page that follows; null for an empty page. */
  'queue.page': { input: QueuePageQuery, output: z.object({ rows: z.array(CaseRow), anchor: QueueAnchor.nullable() }) },
  'queue.count': { input: z.object({ kind: CaseKind, filter: QueueFilter.default({}) }), output: z.object({ count: z.number().int() }) },
  'case.get': { input: z.object({ caseId: EntityId }), output: CaseDetail },
  'case.claim': { input: caseIds.extend({ mode: z.enum(['online', 'offline']).default('online') }), output: z.array(LeaseAnswer) },
  'case.release': { input: caseIds, output: z.array(LeaseAnswer) },
  'case.decide': {
    input: z.object({
      caseId: EntityId,
      body: DecisionBody,
      ruleRef: RuleRef,
      reason: DecisionReason,
      /** What the reviewer established from the evidence; the rulebook works from these. */
      facts: CaseFacts.optional(),
      /** Required when the decision departs from the rulebook's recommendation. */
      justification: DecisionJustification.optional(),
    }),
    output: z.object({ decisionId: z.uuid(), mutationId: z.number().int() }),
  },
  /** The rulebook's recommendation for a case, with the clauses and facts that produce it. */
  'case.recommend': {
    input: z.object({ caseId: EntityId, facts: CaseFacts.optional() }),
    output: z.object({ recommendation: Recommendation, needsApproval: z.boolean(), approvalGrounds: z.array(RuleRef) }),
  },
  /**
   * The rulebook version the console judges decisions by now: the decision form runs the
   * shared judgement (`judgeDecision`) with it as the reviewer edits.
   */
  'rulebook.current': { input: empty, output: Rulebook },
  /** The same re-check the case service runs (`judgeDecision`), before anything is queued. */
  'case.check': {
    input: z.object({ caseId: EntityId, body: DecisionBody, facts: CaseFacts.optional() }),
    output: z.object({
      ok: z.boolean(),
      departure: z.boolean(),
      /** Why it is refused, in English (the service's words). */
      violations: z.array(z.string()),
      /** The same reasons as codes with parameters, for the reviewer's language. */
      refusals: z.array(Refusal),
      needsApproval: z.boolean(),
      approvalGrounds: z.array(RuleRef),
    }),
  },
  /** A supervisor's four-eyes verdict on a decision held for approval; queued and pushed like a decision. */
  'case.approve': {
    input: z.object({ caseId: EntityId, heldDecisionId: z.uuid(), verdict: z.enum(['approve', 'reject']), reason: DecisionReason }),
    output: z.object({ decisionId: z.uuid(), mutationId: z.number().int() }),
  },
  /** The DSA Article 17 statement of reasons for a decision, and the notice to the merchant in Chinese. */
  'decision.statement': {
    input: z.object({ decisionId: z.uuid() }),
    output: z.object({ statement: StatementOfReasons, noticeZh: z.string() }),
  },
  /** Supervisors: ledger sums by payer, payee, merchant or month (from the case service; online only). */
  'ledger.summary': { input: LedgerSummaryQuery, output: LedgerSummary },
  'sync.status': { input: empty, output: SyncStatus },
  'sync.now': { input: empty, output: SyncStatus },
  'conflicts.list': { input: empty, output: z.array(Conflict) },
  'conflicts.withdraw': { input: z.object({ decisionId: z.uuid() }), output: z.object({ withdrawn: z.boolean() }) },
  /**
   * Makes sure the blob is in the console's evidence cache (fetched and checked against its sha256
   * when not) and says what it is. The bytes themselves reach the page as files: `evidenceUrl`.
   */
  'evidence.get': {
    input: z.object({ sha256: Sha256Hex }),
    output: z.object({ mediaType: z.string(), bytes: z.number().int() }),
  },
  /** The check of `case.check` and the recommendation of `case.recommend`, for many cases in one call. */
  'bulk.preview': { input: caseIds.extend({ choice: BulkChoice }), output: z.array(BulkPreviewItem) },
  /**
   * Claims (online) what is not held yet, decides each case the preview lets through, and
   * releases the cases it claimed and did not decide.
   */
  'bulk.decide': {
    input: caseIds.extend({ choice: BulkChoice, reason: DecisionReason }),
    output: z.object({ outcomes: z.array(BulkOutcome), released: z.number().int(), notReleased: z.array(EntityId) }),
  },
  /**
   * Offline checkout: claims the given cases, or the next `count` open, claimable cases of a
   * queue's filter, in offline mode, and fetches their evidence into the cache.
   */
  'checkout.offline': {
    input: z.union([
      z.object({ caseIds: z.array(EntityId).min(1).max(Math.min(MAX_CLAIM_BATCH, MAX_OFFLINE_CHECKOUT)) }),
      z.object({
        kind: CaseKind,
        filter: QueueFilter.default({}),
        sort: z.object({ column: QueueSortColumn, direction: z.enum(['asc', 'desc']) }).default({ column: 'slaDueAt', direction: 'asc' }),
        count: z.number().int().min(1).max(Math.min(MAX_CLAIM_BATCH, MAX_OFFLINE_CHECKOUT)),
      }),
    ]),
    output: z.object({
      answers: z.array(LeaseAnswer),
      evidence: z.object({ fetched: z.number().int(), failed: z.number().int() }),
      status: CheckoutStatus,
    }),
  },
  'checkout.status': { input: empty, output: CheckoutStatus },
  'prefs.get': { input: z.object({ key: text(64).min(1) }), output: z.object({ value: z.unknown().nullable() }) },
  'prefs.set': { input: z.object({ key: text(64).min(1), value: z.unknown() }), output: empty },
  /**
   * The original of one field the service masked (a buyer's phone or address), for a written
   * reason; online only, logged by the service. The console passes the value through and keeps
   * it nowhere: the renderer shows it for `showForMs`, then masks it again.
   */
  'case.reveal': {
    input: z.object({ caseId: EntityId, field: RevealRequest.shape.field, reason: RevealRequest.shape.reason }),
    output: z.object({ field: z.string(), value: z.string(), kinds: z.array(z.string()), auditSeq: z.number().int(), showForMs: z.number().int().min(1) }),
  },
  /**
   * Escalates a case I hold to the supervisors (or a named supervisor), or hands it to another
   * reviewer, with a note. Queued and pushed like a decision (works offline); my lease is given up.
   */
  'case.escalate': {
    input: z.object({ caseId: EntityId, move: EscalationMove, toStaffId: EntityId.optional(), note: EscalationNote }),
    output: z.object({ escalationId: z.uuid(), mutationId: z.number().int() }),
  },
  /** My latest move of a case and the service's answer to it (null: none). */
  'case.myEscalation': {
    input: z.object({ caseId: EntityId }),
    output: z.object({
      move: EscalationMove, toStaffId: EntityId.nullable(), note: z.string(), decidedAt: UtcMillis,
      state: z.enum(['pending', 'accepted', 'conflict', 'rejected']), message: z.string().nullable(), refusals: z.array(Refusal),
    }).nullable(),
  },
  /** The escalated view: open cases escalated to the supervisors or handed to me, with the note, latest first. */
  'escalations.list': {
    input: empty,
    output: z.array(z.object({
      caseId: EntityId, kind: CaseKind, title: z.string(), merchantName: z.string(), amountFen: Fen, version: z.number().int(), escalation: Escalation,
    })),
  },
  /** A photo's facts from its own bytes (EXIF capture time and offset, size, editing software), read from the cache. */
  'evidence.facts': { input: z.object({ sha256: Sha256Hex }), output: PhotoFacts },
  /** The evidence cache: its limit and use, and the background prefetch's progress. */
  'evidence.cache': { input: empty, output: EvidenceCacheStatus },
  /** Sets the cache's size limit; blobs least recently used go first, never those of pending or checked-out cases. */
  'evidence.setLimit': { input: z.object({ limitBytes: z.number().int().min(MIN_EVIDENCE_CACHE_BYTES).max(MAX_EVIDENCE_CACHE_BYTES) }), output: EvidenceCacheStatus },
  /**
   * Reused photos (offline too): each photo of the case with its matches among the replicated
   * cases' photos (PDQ, at the settings' match distance) and the known-bad entries it matched.
   */
  'evidence.reuse': { input: z.object({ caseId: EntityId }), output: CaseReuse },
  /**
   * Supervisors: pins the audit signing key shown in `sync.status().audit.keyToConfirm` after
   * the user compared its fingerprint. Refused when it is not the key shown.
   */
  'audit.confirmKey': { input: z.object({ key: z.string().min(1).max(200), fingerprint: Sha256Hex }), output: z.object({ pinnedKey: z.string() }) },
  /**
   * Supervisors: writes the verified replica (or the period `since`…`until`, UTC ms, by entry
   * time) as one export file (docs/audit-log.md) in the console's exports folder.
   */
  'audit.export': {
    input: z.object({ since: UtcMillis.nullable().default(null), until: UtcMillis.nullable().default(null) }),
    output: z.object({ file: z.string(), entries: z.number().int(), checkpoints: z.number().int(), keyFingerprint: Sha256Hex }),
  },
  /**
   * Verifies an export file with the pinned key, or (no file) a fresh export of the replica;
   * an edit whose hashes were recomputed is named at its entry against the replica.
   */
  'audit.verify': { input: z.object({ file: z.string().min(1).max(4096).nullable().default(null) }), output: AuditVerdict },
} as const;

export type ConsoleApi = typeof consoleApi;
export type Channel = keyof ConsoleApi;
export type ChannelInput<C extends Channel> = z.input<ConsoleApi[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<ConsoleApi[C]['output']>;
export const CHANNELS = Object.keys(consoleApi) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(consoleApi, name);
}

/**
 * Events the core pushes to the renderer, beside the calls: name → payload schema. The preload
 * allowlist and the renderer's payload checks are derived from this table.
 */
export const consoleEvents = {
  'sync.status': SyncStatus,
  'data.changed': z.object({ kinds: z.array(CaseKind) }),
  'conflicts.changed': z.object({ count: z.number().int() }),
  'evidence.progress': EvidencePrefetchStatus,
} as const;
export type ConsoleEvents = typeof consoleEvents;
export type EventName = keyof ConsoleEvents;
export type EventPayload<E extends EventName> = z.output<ConsoleEvents[E]>;
export const EVENT_NAMES = Object.keys(consoleEvents) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(consoleEvents, name);
}

/**
 * The one Electron IPC channel every event travels on, as `{event, payload}` (web mode's
 * WebSocket frame shape): main sends on it, the preload listens on it. Calls are invoked under
 * their own contract names.
 */
export const IPC_EVENT_CHANNEL = 'docket:event';
