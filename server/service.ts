/** The case service: start it on PostgreSQL (a URL) or PGlite in-process (none). */
import type { Role } from '../shared/domain';
import type { Rulebook } from '../shared/rulebook';
import { OFFLINE_LEASE_MS, ONLINE_LEASE_MS } from '../shared/sync/protocol';
import { chainAuditLog } from './audit';
import {
  auditSigner, checkpointSchedule, DEFAULT_AUDIT_ORIGIN, DEFAULT_CHECKPOINT_MS, loadAuditKey, recordSigningKey, signCheckpoints, type AuditKeySource,
} from './audit-signer';
import type { Db } from './db/db';
import { migrate } from './db/migrations';
import { pgliteDb } from './db/pglite';
import { postgresDb } from './db/postgres';
import { compactFeed, feedId } from './feed';
import { buildApp } from './http';
import { requestLimits, type RequestLimits } from './request-limits';
import { DEFAULT_PDQ_MATCH_DISTANCE, PdqMatchDistance } from '../shared/evidence/matching';
import { readRulebookDir, rulebookShelf, SHIPPED_RULEBOOK_DIR } from './rulebooks';
import { logRulebookVersion } from './rulebook-log';
import { provisionStaff } from './staff';

export interface CaseServiceOptions {
  /** PostgreSQL URL; absent → PGlite in-process. */
  databaseUrl?: string;
  /** PGlite's data directory; absent → in-memory PGlite. */
  pgliteDataDir?: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Lease durations; default ONLINE_LEASE_MS / OFFLINE_LEASE_MS (tests shorten them). */
  leaseMs?: { online: number; offline: number };
  /** Feed rows older than this many ms may be compacted by `compactFeed()`; absent → never. */
  feedRetention?: number;
  /** The rulebooks decisions are checked against, parsed; absent → read from `rulebookDir`. */
  rulebooks?: readonly Rulebook[];
  /** Directory of `rulebook-*.json` files; default the shipped `resources/rulebook/`. */
  rulebookDir?: string;
  /** The version a decision naming none is judged by; default the newest in force. */
  currentRulebookVersion?: string;
  /** How long a token issued by `provisionStaff` lives; default DEFAULT_TOKEN_LIFETIME_MS (30 days). */
  tokenLifetimeMs?: number;
  /** PDQ distance at which two photos match (known-bad lists, cited matches); default 31. */
  pdqMatchDistance?: number;
  /** Timeouts and body bounds; default DEFAULT_REQUEST_LIMITS (tests shorten them). */
  limits?: Partial<RequestLimits>;
  /**
   * The audit log's signing: the Ed25519 key (PEM, or a file made on first start when missing;
   * neither → a new key for this process, logged as a rotation), the log's origin line (default
   * DEFAULT_AUDIT_ORIGIN), and the longest time a checkpoint waits while entries arrive (default
   * a minute; tests shorten it).
   */
  audit?: AuditKeySource & { origin?: string; checkpointMs?: number };
}

export interface CaseService {
  /** e.g. http://127.0.0.1:43125 */
  url: string;
  /** Creates or updates the staff member; revokes their tokens and returns a new one. */
  provisionStaff(s: { id: string; name: string; role: Role }): Promise<string>;
  /**
   * Compacts the change feed to the retention horizon (`feedRetention`); returns the rows
   * removed. Cursors issued before it and below the new horizon then get must-refetch. Does nothing without
   * `feedRetention`. The CLI runs it on a schedule.
   */
  compactFeed(): Promise<number>;
  /** Signs the audit log's head now if entries came after its last checkpoint; the sizes signed. */
  signAuditCheckpoint(): Promise<number[]>;
  /** The key checkpoints are signed with, `name+hash+base64`, for consoles to pin. */
  auditKey: string;
  close(): Promise<void>;
}

export async function startCaseService(opts: CaseServiceOptions = {}): Promise<CaseService> {
  const db = opts.databaseUrl ? postgresDb(opts.databaseUrl) : await pgliteDb(opts.pgliteDataDir);
  try {
    await migrate(db);
    return await serveCaseService(db, opts, { ownsDb: true });
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * Serves an already migrated database. Several services may share one `Db` (tests run two
 * instances with different lease durations on one PGlite); `ownsDb` closes it with the service.
 */
export async function serveCaseService(db: Db, opts: CaseServiceOptions = {}, { ownsDb = false } = {}): Promise<CaseService> {
  const leaseMs = opts.leaseMs ?? { online: ONLINE_LEASE_MS, offline: OFFLINE_LEASE_MS };
  const rulebooks = rulebookShelf(opts.rulebooks ?? readRulebookDir(opts.rulebookDir ?? SHIPPED_RULEBOOK_DIR), {
    ...(opts.currentRulebookVersion !== undefined ? { currentVersion: opts.currentRulebookVersion } : {}),
  });
  const pdqMatchDistance = PdqMatchDistance.parse(opts.pdqMatchDistance ?? DEFAULT_PDQ_MATCH_DISTANCE);
  const signer = auditSigner(opts.audit?.origin ?? DEFAULT_AUDIT_ORIGIN, loadAuditKey(opts.audit ?? {}));
  const checkpointMs = opts.audit?.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
  await chainAuditLog(db);
  await recordSigningKey(db, signer);
  await logRulebookVersion(db, rulebooks.current.version);
  await signCheckpoints(db, signer, checkpointMs, true);
  const schedule = checkpointSchedule(db, signer, checkpointMs, (e) => console.error('case service: signing an audit checkpoint failed', e));
  const app = buildApp(db, { feedId: await feedId(db), leaseMs, rulebooks, pdqMatchDistance, auditSigner: signer }, requestLimits(opts.limits));
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    provisionStaff: (s) => provisionStaff(db, s, opts.tokenLifetimeMs),
    compactFeed: () => (opts.feedRetention === undefined ? Promise.resolve(0) : compactFeed(db, opts.feedRetention)),
    signAuditCheckpoint: () => signCheckpoints(db, signer, checkpointMs, true),
    auditKey: signer.keyText,
    async close() {
      await app.close();
      await schedule.stop();
      if (ownsDb) await db.close();
    },
  };
}
