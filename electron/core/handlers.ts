/**
 * The handler table: one function per channel of the console API. Inputs arrive already
 * validated by the contract (see console.ts); handlers throw `ConsoleError` for refusals, which
 * `invoke` turns into `Result` failures. A handler that changes what the reviewer sees is
 * declared through `changes` (changes.ts) with the queues it touches: the wrapper announces
 * them and schedules the push; no handler does either by hand.
 */
import type { WritableDB } from './db/handles';
import type { ChannelOutput, ConsoleApi } from '../../shared/api';
import type { z } from 'zod';
import { merchantNoticeZh } from '../../shared/statement';
import { readableKinds, type CaseKind, type StaffMember } from '../../shared/domain';
import { judgeDraft } from '../../shared/rulebook';
import { getCase, priorDecisions } from './db/cases';
import { getDecision, latestDecisionAnyState, listConflicts, resolveConflict, toLocalDecision } from './db/decisions';
import { getMyLease } from './db/leases';
import { getPref, setPref } from './db/prefs';
import { caseReuse, matchDistance } from './evidence-reuse';
import { queueCount, queuePage, queueSummaries } from './db/queue';
import { recommendCase } from './adjudicate';
import { caseAsJudged } from './contested';
import { previewBulk, runBulk } from './bulk';
import { checkOut, checkoutStatus, nextCheckoutCandidates } from './checkout';
import { approveHeldDecision } from './approve';
import { auditHandlers } from './audit/handlers';
import { getApproval } from './db/approvals';
import { claimAndDecide } from './claim-and-decide';
import { changesOf, queuesOfCases } from './changes';
import { ConsoleError, notInConsole } from './errors';
import type { ConsoleEvents } from './events';
import type { EvidenceCache } from './evidence';
import { readPhotoFacts } from './evidence-facts';
import type { EvidencePrefetch } from './evidence-prefetch';
import type { Rulebooks } from './rulebooks';
import { revealField } from './reveal';
import { escalateCase } from './escalate';
import { escalatedCases, myLatestEscalation } from './db/escalations';
import { findDecision, statementOf } from './statement';
import type { SyncEngine } from './sync/engine';
import { claimCases, releaseCases } from './sync/leases';
import { OfflineError, type ServiceClient } from './sync/service';

export type Handlers = {
  [C in keyof ConsoleApi]: (input: z.output<ConsoleApi[C]['input']>) => Promise<ChannelOutput<C>>;
};

export interface HandlerContext {
  db: WritableDB;
  client: ServiceClient;
  engine: SyncEngine;
  events: ConsoleEvents;
  evidence: EvidenceCache;
  prefetch: EvidencePrefetch;
  clientId: string;
  serverUrl: string;
  rulebooks: Rulebooks;
  now: () => number;
  /** Where `audit.export` writes its files. */
  exportsDir: string;
}

/** Largest saved preference, as JSON: saved filters and layouts are small. */
const MAX_PREF_BYTES = 64 * 1024;

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db, now } = ctx;
  const changes = changesOf(ctx);

  const staff = (): StaffMember => {
    const s = ctx.engine.staff();
    if (!s) throw new ConsoleError('offline', 'not signed in yet: the case service has not been reached with this token');
    return s;
  };
  const readable = (kind: CaseKind) => {
    const s = staff();
    if (!readableKinds(s.role).includes(kind)) throw new ConsoleError('forbidden', `a ${s.role} has no ${kind} queue`);
  };
  /** A replicated case the reviewer may read. */
  const readableCase = (caseId: string) => {
    const stored = getCase(db, caseId);
    if (!stored) throw notInConsole(caseId);
    readable(stored.case.kind);
    return stored.case;
  };
  const queuesOf = queuesOfCases(db);

  return {
    'session.get': async () => ({ staff: staff(), clientId: ctx.clientId, serverUrl: ctx.serverUrl }),

    'queues.list': async () => queueSummaries(db, readableKinds(staff().role), { now: now() }),

    'queue.page': async (q) => {
      readable(q.kind);
      return queuePage(db, q, { now: now() });
    },

    'queue.count': async (q) => {
      readable(q.kind);
      return { count: queueCount(db, q.kind, q.filter, { now: now() }) };
    },

    'case.get': async ({ caseId }) => {
      const stored = getCase(db, caseId);
      if (!stored) throw notInConsole(caseId);
      readable(stored.case.kind);
      const myLease = getMyLease(db, caseId);
      const mine = latestDecisionAnyState(db, caseId);
      return {
        // An appeal as the console judges it: with the contested violation its recommendation works from.
        case: caseAsJudged(db, stored.case),
        lease: stored.lease,
        myLease: myLease && myLease.expiresAt > now() ? { epoch: myLease.epoch, expiresAt: myLease.expiresAt, mode: myLease.mode } : null,
        myDecision: mine ? toLocalDecision(mine) : null,
        priorDecisions: priorDecisions(db, stored.case),
      };
    },

    'case.claim': changes({ queues: ({ caseIds }) => queuesOf(caseIds) }, async ({ caseIds, mode }) => {
      const answers = await claimCases(db, ctx.client, caseIds, mode, now);
      // The claimed cases' evidence comes down in the background while the reviewer reads.
      void ctx.prefetch.kick();
      return answers;
    }),

    'case.release': changes({ queues: ({ caseIds }) => queuesOf(caseIds) }, ({ caseIds }) => releaseCases(db, ctx.client, caseIds)),

    'case.recommend': async ({ caseId, facts }) => {
      const c = caseAsJudged(db, readableCase(caseId));
      try {
        return recommendCase(c, facts, ctx.rulebooks.current(now()));
      } catch (e) {
        if (e instanceof RangeError) throw new ConsoleError('invalid_input', `case.recommend: ${e.message}`);
        throw e;
      }
    },

    'rulebook.current': async () => ctx.rulebooks.current(now()),

    'case.check': async ({ caseId, body, facts }) => {
      const c = caseAsJudged(db, readableCase(caseId));
      return judgeDraft(c, body, facts, ctx.rulebooks.current(now()));
    },

    'case.decide': changes({ queues: ({ caseId }) => queuesOf([caseId]), push: true, inbox: true }, async (input) => {
      const decided = await claimAndDecide({ db, client: ctx.client, staff: staff(), now, rulebook: (at) => ctx.rulebooks.current(at) }, input);
      return { decisionId: decided.decisionId, mutationId: decided.mutationId };
    }),

    'case.approve': changes({ queues: ({ caseId }) => queuesOf([caseId]), push: true }, async (input) => approveHeldDecision(db, staff(), input, now())),

    'decision.statement': async ({ decisionId }) => {
      const found = findDecision(db, decisionId, staff(), ctx.rulebooks);
      readable(found.case.kind);
      if (found.facts === null) {
        // Someone else's decision: the replica lacks the facts it was checked with, the service has
        // them. Offline, the statement is written with the default facts of its kind.
        try {
          const statement = await ctx.client.statement(decisionId);
          return { statement, noticeZh: merchantNoticeZh(statement) };
        } catch (e) {
          if (!(e instanceof OfflineError)) throw e;
        }
      }
      return statementOf(found, ctx.rulebooks, now());
    },

    'ledger.summary': async (query) => {
      try {
        return await ctx.client.ledgerSummary(query);
      } catch (e) {
        if (e instanceof OfflineError) throw new ConsoleError('offline', `ledger.summary needs the case service, which cannot be reached now (${e.message}); the ledger is not kept in the console`);
        throw e;
      }
    },

    'sync.status': async () => ctx.engine.status(),

    'sync.now': async () => ctx.engine.syncNow(),

    'conflicts.list': async () => listConflicts(db),

    'conflicts.withdraw': changes({ queues: ({ decisionId }) => queuesOf([getDecision(db, decisionId)?.caseId ?? getApproval(db, decisionId)?.caseId ?? '']), inbox: true }, async ({ decisionId }) => {
      if (!getDecision(db, decisionId) && !getApproval(db, decisionId)) throw new ConsoleError('not_found', `no decision or approval ${decisionId} in this console`);
      const withdrawn = db.transaction(() => resolveConflict(db, decisionId, 'withdrawn', now())).immediate();
      return { withdrawn };
    }),

    'evidence.get': async ({ sha256 }) => {
      const blob = await ctx.evidence.ensure(sha256, ctx.client, now);
      return { mediaType: blob.mediaType, bytes: blob.bytes };
    },

    'bulk.preview': async ({ caseIds, choice }) => previewBulk(db, staff(), caseIds, choice, ctx.rulebooks.current(now())),

    'bulk.decide': changes({ queues: ({ caseIds }) => queuesOf(caseIds), push: true }, ({ caseIds, choice, reason }) =>
      runBulk({ db, client: ctx.client, staff: staff(), rulebook: ctx.rulebooks.current(now()), now }, caseIds, choice, reason)),

    'checkout.offline': changes({ queues: (input) => ('caseIds' in input ? queuesOf(input.caseIds) : [input.kind]) }, (input) => {
      const caseIds = 'caseIds' in input ? input.caseIds : nextCheckoutCandidates(db, staff(), input, now());
      return checkOut({ db, client: ctx.client, prefetch: ctx.prefetch, now }, caseIds);
    }),

    'checkout.status': async () => checkoutStatus(db, now()),

    'evidence.reuse': async ({ caseId }) => {
      readableCase(caseId);
      const s = staff();
      const reuse = caseReuse(db, caseId, matchDistance(db, s.id));
      if (!reuse) throw notInConsole(caseId);
      const kinds = readableKinds(s.role);
      return { ...reuse, photos: reuse.photos.map((p) => ({ ...p, matches: p.matches.filter((m) => kinds.includes(m.kind)) })) };
    },

    'prefs.get': async ({ key }) => ({ value: getPref(db, staff().id, key) ?? null }),

    ...auditHandlers(ctx, staff),

    'prefs.set': async ({ key, value }) => {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch (e) {
        throw new ConsoleError('invalid_input', `prefs.set: the value for "${key}" cannot be stored as JSON (${(e as Error).message})`);
      }
      if (json !== undefined && json.length > MAX_PREF_BYTES) {
        throw new ConsoleError('invalid_input', `prefs.set: the value for "${key}" is ${json.length} bytes as JSON; the limit is ${MAX_PREF_BYTES}`);
      }
      setPref(db, staff().id, key, value, now());
      return {};
    },

    'case.escalate': changes({ queues: ({ caseId }) => queuesOf([caseId]), push: true }, async (input) => escalateCase(db, staff(), input, now())),

    'case.myEscalation': async ({ caseId }) => {
      readableCase(caseId);
      const e = myLatestEscalation(db, caseId);
      if (!e) return null;
      const cmd = e.command;
      return { move: cmd.move, toStaffId: cmd.toStaffId ?? null, note: cmd.note, decidedAt: cmd.decidedAt, state: e.state, message: e.message, refusals: e.refusals };
    },

    'escalations.list': async () => {
      const me = staff();
      return escalatedCases(db, me.id)
        // Escalated to the supervisors: their view; handed to me: mine.
        .filter((x) => readableKinds(me.role).includes(x.case.kind) && (x.escalation.to !== null || me.role === 'supervisor'))
        .map(({ case: c, escalation }) => ({ caseId: c.id, kind: c.kind, title: c.title, merchantName: c.merchant.name, amountFen: c.amountFen, version: c.version, escalation }));
    },

    'case.reveal': async (input) => {
      readableCase(input.caseId);
      return revealField(db, ctx.client, staff(), input, now());
    },

    'evidence.facts': async ({ sha256 }) => {
      const blob = await ctx.evidence.ensure(sha256, ctx.client, now);
      if (!blob.mediaType.startsWith('image/')) throw new ConsoleError('invalid_input', `evidence.facts: evidence ${sha256.slice(0, 12)}… is ${blob.mediaType}, not a photo`);
      try {
        return await readPhotoFacts(blob.path);
      } catch (e) {
        throw new ConsoleError('invalid_input', `evidence.facts: evidence ${sha256.slice(0, 12)}… cannot be read as an image (${(e as Error).message})`);
      }
    },

    'evidence.cache': async () => ({ limitBytes: ctx.evidence.limitBytes(), ...ctx.evidence.usage(now()), prefetch: ctx.prefetch.status() }),

    'evidence.setLimit': async ({ limitBytes }) => {
      await ctx.evidence.setLimit(limitBytes, now());
      return { limitBytes: ctx.evidence.limitBytes(), ...ctx.evidence.usage(now()), prefetch: ctx.prefetch.status() };
    },
  };
}
