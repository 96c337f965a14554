/**
 * Numbered schema steps, tracked by `PRAGMA user_version`. All pending steps run in one
 * transaction with the version bump, so a crash leaves the database at the old version or the
 * new one, never between. A database written by a newer build is refused untouched.
 * Steps are history: never edit a released one, append a new one.
 */
import type { WritableDB } from './handles';
import { buildDerived, derivedLive } from './derived';

export interface Migration {
  version: number;
  name: string;
  up(db: WritableDB): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'local tables: meta, prefs, sync state, my decisions, outbox, leases, conflicts',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE prefs (
          staff_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL,
          PRIMARY KEY (staff_id, key)
        ) WITHOUT ROWID;
        -- One row per partition (case kind) this console pulls.
        CREATE TABLE sync_state (
          kind TEXT PRIMARY KEY,
          cursor TEXT,
          bootstrapped INTEGER NOT NULL DEFAULT 0,
          last_pull_at INTEGER,
          refetches INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        -- Every decision this reviewer made, with the command exactly as it is (or was) pushed.
        CREATE TABLE my_decisions (
          decision_id TEXT PRIMARY KEY,
          mutation_id INTEGER NOT NULL UNIQUE,
          case_id TEXT NOT NULL,
          staff_id TEXT NOT NULL,
          command TEXT NOT NULL,
          decided_at INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'conflict', 'rejected', 'withdrawn')),
          answered_at INTEGER,
          accepted_version INTEGER
        );
        CREATE INDEX my_decisions_by_case ON my_decisions (case_id, state);
        -- Decisions waiting to be pushed, in mutation-id order.
        CREATE TABLE outbox (
          mutation_id INTEGER PRIMARY KEY,
          decision_id TEXT NOT NULL UNIQUE REFERENCES my_decisions (decision_id),
          queued_at INTEGER NOT NULL
        );
        CREATE TABLE my_leases (
          case_id TEXT PRIMARY KEY,
          epoch INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          granted_at INTEGER NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('online', 'offline'))
        ) WITHOUT ROWID;
        -- The inbox: answers 'conflict' / 'rejected', with what stands on the server. Resolved rows stay for the record.
        CREATE TABLE conflicts (
          decision_id TEXT PRIMARY KEY REFERENCES my_decisions (decision_id),
          case_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected')),
          reason TEXT NOT NULL,
          message TEXT NOT NULL,
          theirs TEXT,
          received_at INTEGER NOT NULL,
          resolution TEXT CHECK (resolution IN ('withdrawn', 'superseded')),
          resolved_at INTEGER
        );
        CREATE INDEX conflicts_unresolved_by_case ON conflicts (case_id) WHERE resolution IS NULL;
      `);
    },
  },
  {
    version: 2,
    name: 'replicated cases: flat grid columns, server lease, full case JSON',
    up(db) {
      db.exec(`
        -- Written only by the sync engine. Enum columns hold the codes of db/codes.ts.
        CREATE TABLE cases (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kind INTEGER NOT NULL,
          status INTEGER NOT NULL,
          priority INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          sla_due_at INTEGER NOT NULL,
          category INTEGER NOT NULL,
          region INTEGER NOT NULL,
          severity INTEGER NOT NULL,
          amount_fen INTEGER NOT NULL,
          merchant_id TEXT NOT NULL,
          merchant_name TEXT NOT NULL,
          buyer_id TEXT,
          title TEXT NOT NULL,
          version INTEGER NOT NULL,
          last_decided_at INTEGER,
          lease_holder_name TEXT,
          lease_expires_at INTEGER,
          lease TEXT
        );
        -- The full case, apart from the grid columns so index builds and scans stay narrow.
        CREATE TABLE case_bodies (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
      `);
    },
  },
  {
    version: 3,
    name: 'derived: sort and filter indexes, queue counts kept by triggers',
    up(db) {
      buildDerived(db);
    },
  },
  {
    version: 4,
    name: 'evidence cache index',
    up(db) {
      db.exec(`
        -- Blobs live on disk, named by their sha256; this records what is there.
        CREATE TABLE evidence_cache (
          sha256 TEXT PRIMARY KEY,
          media_type TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          fetched_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 5,
    name: 'four-eyes: my approvals and their outbox, decision effects, an inbox for both',
    up(db) {
      db.exec(`
        -- What the service said an accepted decision did: in effect, or held for a supervisor.
        ALTER TABLE my_decisions ADD COLUMN effect TEXT CHECK (effect IN ('in_effect', 'awaiting_approval', 'sent_back'));
        -- A supervisor's verdicts on held decisions, with the command exactly as pushed and the held decision as seen.
        CREATE TABLE my_approvals (
          approval_id TEXT PRIMARY KEY,
          mutation_id INTEGER NOT NULL UNIQUE,
          case_id TEXT NOT NULL,
          held_decision_id TEXT NOT NULL,
          staff_id TEXT NOT NULL,
          command TEXT NOT NULL,
          held TEXT NOT NULL,
          decided_at INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'conflict', 'rejected', 'withdrawn')),
          answered_at INTEGER,
          effect TEXT CHECK (effect IN ('in_effect', 'awaiting_approval', 'sent_back'))
        );
        CREATE INDEX my_approvals_by_held ON my_approvals (held_decision_id, state);
        -- Approvals waiting to be pushed; mutation ids come from the same sequence as decisions'.
        CREATE TABLE approval_outbox (
          mutation_id INTEGER PRIMARY KEY,
          approval_id TEXT NOT NULL UNIQUE REFERENCES my_approvals (approval_id),
          queued_at INTEGER NOT NULL
        );
        -- The inbox now holds answers to decisions and to approvals: its key is either's id.
        CREATE TABLE conflicts_v5 (
          decision_id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected')),
          reason TEXT NOT NULL,
          message TEXT NOT NULL,
          theirs TEXT,
          received_at INTEGER NOT NULL,
          resolution TEXT CHECK (resolution IN ('withdrawn', 'superseded')),
          resolved_at INTEGER
        );
        INSERT INTO conflicts_v5 SELECT decision_id, case_id, status, reason, message, theirs, received_at, resolution, resolved_at FROM conflicts;
        DROP TABLE conflicts;
        ALTER TABLE conflicts_v5 RENAME TO conflicts;
        CREATE INDEX conflicts_unresolved_by_case ON conflicts (case_id) WHERE resolution IS NULL;
      `);
    },
  },
  {
    version: 6,
    name: 'conflicts: a rejection\'s reasons as codes with parameters',
    up(db) {
      // JSON array of `Refusal`; NULL for answers recorded before, which show their message.
      db.exec('ALTER TABLE conflicts ADD COLUMN refusals TEXT');
    },
  },
  {
    version: 7,
    name: 'derived: sort buckets for jumps, deadline spans',
    up(db) {
      // A bootstrap that deferred the derived structures builds them all when it ends.
      if (derivedLive(db)) buildDerived(db);
    },
  },
  {
    version: 8,
    name: 'audit log replica: verified entries and checkpoints',
    up(db) {
      // Only rows that verified are written here (electron/core/audit/replicate.ts), and a
      // verified row never changes: updates are refused.
      db.exec(`
        CREATE TABLE audit_entries (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor_id TEXT NOT NULL,
          actor_name TEXT NOT NULL,
          action TEXT NOT NULL,
          case_id TEXT,
          payload TEXT NOT NULL /* JSON object */,
          prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
          leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
        );
        CREATE INDEX audit_entries_by_at ON audit_entries (at);
        CREATE TABLE audit_checkpoints (
          tree_size INTEGER PRIMARY KEY,
          root_hash BLOB NOT NULL CHECK (length(root_hash) = 32),
          signed_at INTEGER NOT NULL,
          note TEXT NOT NULL /* signed note as received */,
          verified_at INTEGER NOT NULL
        );
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
          BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
          BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
      `);
    },
  },
  {
    version: 9,
    name: 'escalations and hand-offs: my moves, their outbox, the escalated cases',
    up(db) {
      db.exec(`
        -- My escalations and hand-offs, with the command exactly as pushed and the service's answer.
        CREATE TABLE my_escalations (
          escalation_id TEXT PRIMARY KEY,
          mutation_id INTEGER NOT NULL UNIQUE,
          case_id TEXT NOT NULL,
          staff_id TEXT NOT NULL,
          command TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'conflict', 'rejected')),
          answered_at INTEGER,
          -- The answer's sentence and codes (JSON Refusal[]) when not accepted.
          message TEXT,
          refusals TEXT
        );
        CREATE INDEX my_escalations_by_case ON my_escalations (case_id);
        -- Waiting to be pushed; mutation ids come from the same sequence as decisions'.
        CREATE TABLE escalation_outbox (
          mutation_id INTEGER PRIMARY KEY,
          escalation_id TEXT NOT NULL UNIQUE REFERENCES my_escalations (escalation_id),
          queued_at INTEGER NOT NULL
        );
        -- The supervisors' escalated view reads only the cases ever escalated or handed off.
        CREATE INDEX case_bodies_escalated ON case_bodies (seq) WHERE json_extract(body, '$.case.escalation.move') IS NOT NULL;
      `);
    },
  },
  {
    version: 10,
    name: 'evidence cache: last use for LRU eviction, thumbnails',
    up(db) {
      db.exec(`
        ALTER TABLE evidence_cache ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0;
        UPDATE evidence_cache SET used_at = fetched_at;
        -- Size of the thumbnail beside the blob; NULL: none (not an image, or not decodable).
        ALTER TABLE evidence_cache ADD COLUMN thumb_bytes INTEGER;
        CREATE INDEX evidence_cache_by_use ON evidence_cache (used_at);
      `);
    },
  },
  {
    version: 11,
    name: 'photo hashes of replicated cases, for reuse flags offline',
    up(db) {
      // Kept by triggers from the case bodies the sync engine writes: one row per photo of a
      // case with a PDQ hash. AUTOINCREMENT never reuses an id, so (count, max id) changes with
      // every write and tells the in-memory index when to rebuild (evidence-reuse.ts).
      const photos = (body: string, seq: string) => `
        SELECT ${seq}, json_extract(e.value, '$.sha256'), json_extract(e.value, '$.pdq.hash'), json_extract(e.value, '$.pdq.quality'),
               json_extract(e.value, '$.pdq.decoder'), json_extract(e.value, '$.knownBad')
        FROM json_each(${body}, '$.case.evidence') e WHERE json_extract(e.value, '$.pdq.hash') IS NOT NULL`;
      db.exec(`
        CREATE TABLE case_photo_hashes (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          case_seq INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          pdq TEXT NOT NULL,
          quality INTEGER NOT NULL,
          decoder TEXT NOT NULL,
          known_bad TEXT
        );
        CREATE INDEX case_photo_hashes_by_case ON case_photo_hashes (case_seq);
        INSERT INTO case_photo_hashes (case_seq, sha256, pdq, quality, decoder, known_bad) ${photos('b.body', 'b.seq').replace('FROM json_each(b.body', 'FROM case_bodies b, json_each(b.body')};
        CREATE TRIGGER case_photo_hashes_insert AFTER INSERT ON case_bodies BEGIN
          INSERT INTO case_photo_hashes (case_seq, sha256, pdq, quality, decoder, known_bad) ${photos('NEW.body', 'NEW.seq')};
        END;
        CREATE TRIGGER case_photo_hashes_update AFTER UPDATE OF body ON case_bodies BEGIN
          DELETE FROM case_photo_hashes WHERE case_seq = OLD.seq;
          INSERT INTO case_photo_hashes (case_seq, sha256, pdq, quality, decoder, known_bad) ${photos('NEW.body', 'NEW.seq')};
        END;
        CREATE TRIGGER case_photo_hashes_delete AFTER DELETE ON case_bodies BEGIN
          DELETE FROM case_photo_hashes WHERE case_seq = OLD.seq;
        END;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly known: number, file: string) {
    super(
      `The console database ${file} has schema version ${found}, written by a newer Docket; this build knows versions up to ${known}. ` +
        'Update Docket, or point it at another database file. The file was not changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database up to `target` (default: latest). Returns the versions applied. */
export function migrate(db: WritableDB, target = LATEST_VERSION, steps: readonly Migration[] = MIGRATIONS): number[] {
  const current = schemaVersion(db);
  const known = steps[steps.length - 1]?.version ?? 0;
  if (current > known) throw new SchemaTooNewError(current, known, db.name);
  const pending = steps.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      // user_version lives in the database header and is part of this transaction.
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return pending.map((m) => m.version);
}
