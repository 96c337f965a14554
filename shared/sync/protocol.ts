/**
 * The sync protocol between a console and the case service (see README, "Sync protocol").
 * Every body that crosses the network is validated with these schemas on arrival.
 */
import { z } from 'zod';
import { Case, CaseInput, EvidenceRef } from '../domain/cases';
import { DecisionBody, DecisionJustification, DecisionReason, DecisionSummary, RuleRef } from '../domain/decisions';
import { Refusal, WellFormedCode } from '../domain/refusals';
import { EntityId, Fen, Sha256Hex, UtcMillis, text } from '../domain/primitives';
import { CaseFacts } from '../rulebook/facts';
import { RulebookVersion } from '../rulebook/schema';
import { LedgerParty, LedgerPurpose } from '../rulebook/types';
import { StaffRef } from '../domain/staff';
import { CaseKind } from '../domain/taxonomy';
import { EscalationCommand } from './escalation';

export const API_PREFIX = '/v1';

/** A partition of the change feed is one kind of case (one queue). */
export const Partition = CaseKind;
export type Partition = CaseKind;

/** Opaque to clients: they store it and send it back. */
export const Cursor = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/);
export type Cursor = z.infer<typeof Cursor>;

export const MAX_PAGE_LIMIT = 50_000;
export const DEFAULT_PAGE_LIMIT = 5_000;

export const ChangesQuery = z.object({
  partition: Partition,
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

/** Who holds a case now. `epoch` increases on every change of holder. */
export const LeaseInfo = z.object({
  holder: StaffRef,
  epoch: z.number().int().min(1),
  expiresAt: UtcMillis,
  mode: z.enum(['online', 'offline']),
});
export type LeaseInfo = z.infer<typeof LeaseInfo>;

/**
 * `GET /v1/changes` answers NDJSON: one `FeedLine` per line, in commit order, closed by one
 * `end` line carrying the next cursor. A page without its `end` line is incomplete and must
 * not be applied.
 */
export const FeedUpsert = z.object({ type: z.literal('upsert'), case: Case, lease: LeaseInfo.nullable() });
export const FeedTombstone = z.object({ type: z.literal('tombstone'), caseId: EntityId });
export const FeedEnd = z.object({
  type: z.literal('end'),
  cursor: Cursor,
  hasMore: z.boolean(),
  count: z.number().int().min(0),
});
export const FeedLine = z.discriminatedUnion('type', [FeedUpsert, FeedTombstone, FeedEnd]);
export type FeedLine = z.infer<typeof FeedLine>;
export type FeedUpsert = z.infer<typeof FeedUpsert>;
export type FeedEnd = z.infer<typeof FeedEnd>;

/** Longest NDJSON line a client accepts; a case is a few KB, this bounds a hostile page. */
export const MAX_FEED_LINE_BYTES = 256 * 1024;

/** Status 410 with this body: the cursor is older than the feed keeps; drop the partition and bootstrap again. */
export const MustRefetch = z.object({ error: z.literal('must-refetch'), message: z.string() });

export const ONLINE_LEASE_MS = 10 * 60_000;
export const OFFLINE_LEASE_MS = 8 * 60 * 60_000;
export const MAX_OFFLINE_CHECKOUT = 200;
export const MAX_CLAIM_BATCH = 200;

/**
 * How far a console's clock may be from the case service's. The service times every command
 * itself; the console's `decidedAt` is kept only as "decided offline at", and refused unless it
 * lies within the lease the decision was made under (from its start to its end, each widened by
 * this much) and no later than the service's clock plus this much.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const ClaimRequest = z.object({
  caseIds: z.array(EntityId).min(1).max(MAX_CLAIM_BATCH),
  mode: z.enum(['online', 'offline']).default('online'),
});
export type ClaimRequest = z.infer<typeof ClaimRequest>;

export const LeaseCaseIds = z.object({ caseIds: z.array(EntityId).min(1).max(MAX_CLAIM_BATCH) });
export type LeaseCaseIds = z.infer<typeof LeaseCaseIds>;

export const LeaseAnswer = z.discriminatedUnion('granted', [
  z.object({ caseId: EntityId, granted: z.literal(true), lease: LeaseInfo }),
  z.object({
    caseId: EntityId,
    granted: z.literal(false),
    reason: z.enum(['held', 'decided', 'not_found', 'not_holder']),
    lease: LeaseInfo.nullable(),
  }),
]);
export type LeaseAnswer = z.infer<typeof LeaseAnswer>;
export const LeaseResponse = z.object({ results: z.array(LeaseAnswer) });
export type LeaseResponse = z.infer<typeof LeaseResponse>;

/** A decision is a command, never a field edit. */
export const DecisionCommand = z.object({
  /** Client-generated; the same id sent again gets the same answer. */
  decisionId: z.uuid(),
  /** Per-client, strictly increasing in the order the reviewer decided. */
  mutationId: z.number().int().min(1),
  caseId: EntityId,
  /** The case version the reviewer saw. */
  baseVersion: z.number().int().min(1),
  /** The lease epoch the decision was made under: a lease this reviewer held (claimed online or checked out offline). */
  leaseEpoch: z.number().int().min(1),
  /** The console's clock when the reviewer decided; the service records its own time and keeps this as "decided offline at". */
  decidedAt: UtcMillis,
  body: DecisionBody,
  ruleRef: RuleRef,
  reason: DecisionReason,
  /**
   * The rulebook version the console judged by; the service re-checks against the same one.
   * Absent → the service's current version.
   */
  rulebookVersion: RulebookVersion.optional(),
  /** What the reviewer established beyond the case itself. Absent → `defaultFacts(kind)`. */
  facts: CaseFacts.optional(),
  /** Required when the decision departs from what the rulebook recommends for these facts. */
  justification: DecisionJustification.optional(),
});
export type DecisionCommand = z.infer<typeof DecisionCommand>;

/**
 * A supervisor's answer to a decision held for approval (four-eyes). It is a command like a
 * decision: its own client-generated `decisionId` (the answer is keyed by it) and a
 * `mutationId` from the same per-client sequence as the console's decisions, so a console's
 * approvals and decisions apply in the order they were made, at most once each.
 */
export const ApprovalCommand = z.object({
  /** This approval's own id (not the held decision's). */
  decisionId: z.uuid(),
  mutationId: z.number().int().min(1),
  caseId: EntityId,
  /** The decision awaiting approval that this answers. */
  heldDecisionId: z.uuid(),
  verdict: z.enum(['approve', 'reject']),
  /** The console's clock when the supervisor answered (like `DecisionCommand.decidedAt`). */
  decidedAt: UtcMillis,
  /** Recorded on the decision; a rejection's reason also goes into the case history. */
  reason: DecisionReason,
});
export type ApprovalCommand = z.infer<typeof ApprovalCommand>;

export const MAX_PUSH_BATCH = 1_000;

/**
 * Decisions and approvals are applied in mutation-id order across both lists. `approvals` came
 * with four-eyes: optional, so a console that sends decisions only is unchanged; `decisions`
 * may then be empty (or absent).
 */
export const PushRequest = z.object({
  clientId: z.uuid(),
  decisions: z.array(DecisionCommand).max(MAX_PUSH_BATCH).default([]),
  approvals: z.array(ApprovalCommand).max(MAX_PUSH_BATCH).optional(),
  /** Escalations and hand-offs (./escalation.ts), in the same mutation-id order. */
  escalations: z.array(EscalationCommand).max(MAX_PUSH_BATCH).optional(),
}).superRefine((r, ctx) => {
  const items = r.decisions.length + (r.approvals?.length ?? 0) + (r.escalations?.length ?? 0);
  if (items === 0) ctx.addIssue({ code: 'custom', path: ['decisions'], message: 'a push carries at least one decision or approval' });
  if (items > MAX_PUSH_BATCH) ctx.addIssue({ code: 'custom', path: ['approvals'], message: `a push carries at most ${MAX_PUSH_BATCH} decisions and approvals together` });
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What an accepted command did: a decision took effect or is held for a supervisor; an
 * approval made the held decision take effect, or a rejection sent the case back to open.
 */
export const DECISION_EFFECTS = ['in_effect', 'awaiting_approval', 'sent_back'] as const;
export const DecisionEffect = z.enum(DECISION_EFFECTS);
export type DecisionEffect = z.infer<typeof DecisionEffect>;

export const CONFLICT_REASONS = ['already_decided', 'case_changed', 'lease_lost'] as const;
export const REJECT_CODES = ['invalid', 'not_found', 'forbidden', 'case_closed', 'duplicate_id'] as const;
export type KnownConflictReason = (typeof CONFLICT_REASONS)[number];
export type KnownRejectCode = (typeof REJECT_CODES)[number];

/**
 * A code from a list this side knows, or any other well-formed one. A newer service may answer
 * with a reason this console does not know yet: the answer must still parse (one unknown reason
 * must not fail a whole push answer, and with it the other decisions of the batch). The known
 * ones stay literal types (`Record<never, never>` keeps `string` from absorbing them), so code
 * narrows with `isKnownConflictReason` / `isKnownRejectCode` and handles the rest as unknown.
 */
export type OpenCode<Known extends string> = Known | (string & Record<never, never>);
export const ConflictReason: z.ZodType<OpenCode<KnownConflictReason>> = WellFormedCode;
export type ConflictReason = z.infer<typeof ConflictReason>;
export const RejectCode: z.ZodType<OpenCode<KnownRejectCode>> = WellFormedCode;
export type RejectCode = z.infer<typeof RejectCode>;

export function isKnownConflictReason(reason: string): reason is KnownConflictReason {
  return (CONFLICT_REASONS as readonly string[]).includes(reason);
}
export function isKnownRejectCode(code: string): code is KnownRejectCode {
  return (REJECT_CODES as readonly string[]).includes(code);
}

export const PushResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    decisionId: z.uuid(),
    mutationId: z.number().int(),
    caseVersion: z.number().int().min(1),
    /** Set by services with four-eyes; absent means in effect. */
    effect: DecisionEffect.optional(),
  }),
  z.object({
    status: z.literal('conflict'),
    decisionId: z.uuid(),
    mutationId: z.number().int(),
    reason: ConflictReason,
    /** The conflict in one English sentence, for logs and clients that do not know `reason`. Absent from older services. */
    message: text(1000).optional(),
    /** What stands on the server: who decided, when and what, and who holds the case now. */
    current: z.object({
      decision: DecisionSummary.nullable(),
      caseVersion: z.number().int().min(1),
      lease: LeaseInfo.nullable(),
    }),
  }),
  z.object({
    status: z.literal('rejected'),
    decisionId: z.uuid(),
    mutationId: z.number().int(),
    code: RejectCode,
    /** The reasons joined into one English sentence, for logs and clients that do not read `refusals`. */
    message: text(1000),
    /**
     * The same reasons as codes with parameters (`shared/domain/refusals.ts`), which a console
     * puts into its reviewer's language. Absent from answers stored before codes existed.
     */
    refusals: z.array(Refusal).max(20).optional(),
  }),
]);
export type PushResult = z.infer<typeof PushResult>;
export const PushResponse = z.object({ results: z.array(PushResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/** Error body of every non-2xx answer except must-refetch. */
export const ServiceError = z.object({ error: z.string(), message: z.string() });
export type ServiceError = z.infer<typeof ServiceError>;

export const Me = z.object({ staff: StaffRef.extend({ role: z.enum(['moderator', 'arbiter', 'supervisor', 'platform']) }) });
export type Me = z.infer<typeof Me>;

/** What the decision log records (issue "Supervisor audit", section 1). */
export const AUDIT_ACTIONS = [
  'decision',
  'approval',
  'approval_rejection',
  'appeal_outcome',
  'lease_steal',
  'reveal',
  'qa_review',
  'rulebook_change',
  'role_change',
  'key_rotation',
  'token_revoke',
  'escalation',
  'handoff',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry of the append-only decision log; `ChainedAuditEntry` adds its hashes. */
export const AuditEntry = z.object({
  seq: z.number().int().min(1),
  at: UtcMillis,
  actor: StaffRef,
  action: z.enum(AUDIT_ACTIONS),
  caseId: EntityId.nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
/**
 * An entry as the service serves it: with `prev` (the leaf hash of the entry before, part of the
 * entry's canonical bytes) and `hash` (its own leaf hash). A console recomputes `hash` from the
 * entry and never trusts the one sent (docs/audit-log.md).
 */
export const ChainedAuditEntry = AuditEntry.extend({ prev: Sha256Hex, hash: Sha256Hex });
export type ChainedAuditEntry = z.infer<typeof ChainedAuditEntry>;
export const AuditPage = z.object({ entries: z.array(ChainedAuditEntry), next: z.number().int().min(0) });
export type AuditPage = z.infer<typeof AuditPage>;

/** A signed checkpoint (a signed note, docs/audit-log.md) and the tree size it signs. */
export const AuditCheckpointNote = z.object({ size: z.number().int().min(0), note: z.string().min(1) });
export type AuditCheckpointNote = z.infer<typeof AuditCheckpointNote>;
/** `GET routes.auditCheckpoints?after=&limit=`: the signed checkpoints of size > after, by size. */
export const AuditCheckpointPage = z.object({ checkpoints: z.array(AuditCheckpointNote) });
export type AuditCheckpointPage = z.infer<typeof AuditCheckpointPage>;
/** `GET routes.auditInclusion?index=&size=`: leaf `index` (0-based, entry seq − 1) in the tree of `size`. */
export const AuditInclusionProof = z.object({ index: z.number().int().min(0), size: z.number().int().min(1), leafHash: Sha256Hex, proof: z.array(z.string()) });
export type AuditInclusionProof = z.infer<typeof AuditInclusionProof>;
/** `GET routes.auditConsistency?from=&to=`: the tree of `from` is a prefix of the tree of `to`; hashes base64. */
export const AuditConsistencyProof = z.object({ from: z.number().int().min(0), to: z.number().int().min(0), proof: z.array(z.string()) });
export type AuditConsistencyProof = z.infer<typeof AuditConsistencyProof>;
/**
 * `GET routes.auditKey`: the key the service SAYS signs its checkpoints. A console shows it for
 * its user to confirm and never trusts it by itself (immudb's CVE-2022-39199).
 */
export const AuditKeyClaim = z.object({ origin: z.string().min(1), key: z.string().min(1), fingerprint: Sha256Hex });
export type AuditKeyClaim = z.infer<typeof AuditKeyClaim>;

/** The endpoints, in one place, so clients and tests never spell a path twice. */
export const routes = {
  me: `${API_PREFIX}/me`,
  changes: `${API_PREFIX}/changes`,
  claim: `${API_PREFIX}/leases/claim`,
  renew: `${API_PREFIX}/leases/renew`,
  release: `${API_PREFIX}/leases/release`,
  decisions: `${API_PREFIX}/decisions`,
  evidence: `${API_PREFIX}/evidence`,
  ingestCases: `${API_PREFIX}/ingest/cases`,
  audit: `${API_PREFIX}/audit`,
  auditCheckpoint: `${API_PREFIX}/audit/checkpoint`,
  auditCheckpoints: `${API_PREFIX}/audit/checkpoints`,
  auditInclusion: `${API_PREFIX}/audit/proof/inclusion`,
  auditConsistency: `${API_PREFIX}/audit/proof/consistency`,
  auditKey: `${API_PREFIX}/audit/key`,
  health: `${API_PREFIX}/health`,
  ledgerSummary: `${API_PREFIX}/ledger/summary`,
  knownBad: `${API_PREFIX}/known-bad`,
} as const;

/** `GET` the statement of reasons of a decision (JSON `StatementOfReasons`; `?format=notice` → the merchant notice text). */
export const statementPath = (decisionId: string): string => `${routes.decisions}/${encodeURIComponent(decisionId)}/statement`;

/**
 * `GET /v1/ledger/summary?by=…&from=&to=&merchantId=` (supervisor): ledger entries of decisions
 * in effect, summed by one field. `from` inclusive, `to` exclusive, UTC ms of when the entries
 * were written (when the decision took effect); `month` groups by UTC calendar month.
 */
export const LEDGER_GROUPINGS = ['payer', 'payee', 'merchant', 'month'] as const;
export const LedgerSummaryQuery = z.object({
  by: z.enum(LEDGER_GROUPINGS),
  from: z.coerce.number().pipe(UtcMillis).optional(),
  to: z.coerce.number().pipe(UtcMillis).optional(),
  merchantId: EntityId.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['to'], message: 'to must be after from' });
export type LedgerSummaryQuery = z.infer<typeof LedgerSummaryQuery>;

/** Each party's net position (received minus paid) in fen: over any group the positions sum to zero. */
export const LedgerNet = z.record(LedgerParty, z.number().int());
export const LedgerSummaryGroup = z.object({
  /** The payer or payee party, the merchant id, or the month as `2026-11`. */
  key: z.string(),
  entries: z.number().int().min(1),
  /** Sum of the amounts of the group's entries (may exceed one entry's maximum). */
  totalFen: z.number().int().min(0),
  net: LedgerNet,
});
export type LedgerSummaryGroup = z.infer<typeof LedgerSummaryGroup>;
export const LedgerSummary = z.object({
  by: z.enum(LEDGER_GROUPINGS),
  from: UtcMillis.nullable(),
  to: UtcMillis.nullable(),
  merchantId: EntityId.nullable(),
  entries: z.number().int().min(0),
  totalFen: z.number().int().min(0),
  /** Largest total first. */
  groups: z.array(LedgerSummaryGroup),
});
export type LedgerSummary = z.infer<typeof LedgerSummary>;

/** One ledger entry as the service stores it (for audits and tests). */
export const LedgerRecord = z.object({
  payer: LedgerParty,
  payee: LedgerParty,
  amountFen: Fen.min(1),
  ruleRef: RuleRef,
  purpose: LedgerPurpose,
  decisionId: z.uuid(),
  caseId: EntityId,
  merchantId: EntityId,
  at: UtcMillis,
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;

/** `POST /v1/ingest/cases` (platform role): the platform side adds and updates cases. */
export const MAX_INGEST_BATCH = 5_000;
export const IngestCasesRequest = z.object({ cases: z.array(CaseInput).min(1).max(MAX_INGEST_BATCH) });
export type IngestCasesRequest = z.infer<typeof IngestCasesRequest>;
/** `upserted` counts the cases written (new or changed); `versions` answers every case sent. */
export const IngestCasesResponse = z.object({ upserted: z.number().int().min(0), versions: z.record(z.string(), z.number().int().min(1)) });
export type IngestCasesResponse = z.infer<typeof IngestCasesResponse>;

/** `POST /v1/evidence` (platform role): raw bytes with one of these media types; answers the content address. */
export const EVIDENCE_MEDIA_TYPES = EvidenceRef.shape.mediaType.options;
export const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;
export const EvidenceStored = z.object({ sha256: Sha256Hex });
export type EvidenceStored = z.infer<typeof EvidenceStored>;

// ---- Reveal of personal data (issue 15 §4) ---------------------------------------------------

/**
 * `POST /v1/cases/:caseId/reveal`: the original of one field the service masked at ingest
 * (`buyer.phone`, `buyer.address`, `detail.chat[2].text`…), for a reason. Allowed by
 * `canReveal` (shared/domain/reveal.ts), written to the decision log as a `reveal` entry (the
 * field and reason, never the value), answered `no-store`.
 */
export const RevealRequest = z.object({
  field: z.string().min(1).max(200).regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*|\[\d{1,4}\])*$/, 'a field path looks like buyer.phone or detail.chat[2].text'),
  reason: text(500).trim().min(4, 'a reveal needs a written reason (4 characters at least)'),
});
export type RevealRequest = z.infer<typeof RevealRequest>;
export const RevealResponse = z.object({
  caseId: EntityId,
  field: z.string(),
  /** The unmasked text: shown for a moment, never stored by a console. */
  value: z.string(),
  kinds: z.array(z.string()),
  /** The decision-log entry that records this reveal. */
  auditSeq: z.number().int().min(1),
  revealedAt: UtcMillis,
});
export type RevealResponse = z.infer<typeof RevealResponse>;
export const REVEAL_ROUTE = `${API_PREFIX}/cases/:caseId/reveal`;
export const revealPath = (caseId: string): string => REVEAL_ROUTE.replace(':caseId', encodeURIComponent(caseId));
export { EscalationCommand };
/**
 * `POST /v1/known-bad` (platform): replaces one known-bad image list whole. `npm run evidence --
 * known-bad import` reads HMA's CSV (`shared/evidence/known-bad-csv.ts`) and sends this.
 */
export const MAX_KNOWN_BAD_IMPORT = 200_000;
export const KnownBadImportRequest = z.object({
  list: z.string().trim().min(1).max(80),
  entries: z.array(z.object({
    entryId: z.string().min(1).max(80),
    pdq: z.string().regex(/^[0-9a-f]{64}$/, 'a PDQ hash is 64 lowercase hex digits'),
    tags: z.array(z.string().min(1).max(60)).max(10),
  })).min(1).max(MAX_KNOWN_BAD_IMPORT),
}).refine((r) => new Set(r.entries.map((e) => e.entryId)).size === r.entries.length, { message: 'entries: every entryId appears once', path: ['entries'] });
export type KnownBadImportRequest = z.infer<typeof KnownBadImportRequest>;
export const KnownBadImportResponse = z.object({ list: z.string(), imported: z.number().int(), replaced: z.number().int() });
export type KnownBadImportResponse = z.infer<typeof KnownBadImportResponse>;
