/**
 * Numbered migrations, one SQL dialect for PostgreSQL and PGlite. All pending steps run in
 * one transaction under an advisory lock, so instances starting together on one database
 * apply each step exactly once (the later one waits, then finds nothing to do).
 */
import type { Db } from './db';

/** Advisory lock keys of the service ('dkt' + a topic number), kept in one place so they never collide. */
export const LOCK_MIGRATIONS = 0x646b7401;
export const LOCK_AUDIT_APPEND = 0x646b7402;
export const LOCK_FEED_COMPACTION = 0x646b7403;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cases, feed, leases, decisions, evidence, audit log',
    sql: `
      CREATE FUNCTION docket_now_ms() RETURNS bigint LANGUAGE sql VOLATILE
        AS $$ SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;

      CREATE TABLE service_meta (key text PRIMARY KEY, value text NOT NULL);
      -- Identifies this database's feed inside every cursor: a cursor from another database is refused.
      INSERT INTO service_meta (key, value) VALUES ('feed_id', substr(md5(gen_random_uuid()::text), 1, 12));

      CREATE TABLE staff (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('moderator', 'arbiter', 'supervisor', 'platform')),
        created_at bigint NOT NULL
      );
      -- Bearer tokens are stored only as their sha256.
      CREATE TABLE staff_tokens (
        token_sha256 text PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff (id),
        created_at bigint NOT NULL
      );

      CREATE TABLE cases (
        id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        input text NOT NULL,                      -- the platform's CaseInput, canonical JSON
        service_events text NOT NULL DEFAULT '[]', -- history events the service appended
        last_decision text,                       -- DecisionSummary JSON
        updated_at bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        lease_holder_id text,
        lease_holder_name text,
        lease_epoch integer NOT NULL DEFAULT 0,
        lease_expires_at bigint,
        lease_mode text CHECK (lease_mode IN ('online', 'offline')),
        -- The transaction that last wrote the case; see lockCases for why.
        last_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX cases_lease_holder ON cases (lease_holder_id, lease_mode) WHERE lease_holder_id IS NOT NULL;

      -- The change feed. Read in (xid, id) order below the snapshot's xmin: see feed.ts.
      CREATE TABLE feed (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        partition text NOT NULL,
        case_id text NOT NULL,
        tombstone boolean NOT NULL,
        line text NOT NULL,
        at bigint NOT NULL
      );
      CREATE INDEX feed_partition_position ON feed (partition, xid, id);
      CREATE INDEX feed_case_position ON feed (case_id, xid, id);
      -- One chunk of a page. Always by the index: right after a bulk ingest, before the table is
      -- analyzed, the planner would otherwise sort the whole rest of the partition for each chunk.
      CREATE FUNCTION feed_chunk(p_partition text, p_xid xid8, p_id bigint, p_horizon xid8, p_limit integer)
        RETURNS TABLE (xid text, id bigint, line text)
        LANGUAGE sql STABLE
        SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
        AS $$
          SELECT f.xid::text, f.id, f.line FROM feed f
          WHERE f.partition = p_partition AND (f.xid, f.id) > (p_xid, p_id) AND f.xid < p_horizon
          ORDER BY f.xid, f.id LIMIT p_limit
        $$;
      -- Positions at or below which a partition was compacted: older cursors must refetch.
      CREATE TABLE feed_watermarks (partition text PRIMARY KEY, xid xid8 NOT NULL, id bigint NOT NULL);

      -- A push client id belongs to the staff member who first used it.
      CREATE TABLE push_clients (client_id uuid PRIMARY KEY, staff_id text NOT NULL REFERENCES staff (id), first_seen bigint NOT NULL);
      -- The answer given to each (client, mutation), returned verbatim on a repeat.
      CREATE TABLE push_answers (
        client_id uuid NOT NULL,
        mutation_id bigint NOT NULL,
        decision_id uuid NOT NULL UNIQUE,
        staff_id text NOT NULL,
        answer text NOT NULL,
        at bigint NOT NULL,
        PRIMARY KEY (client_id, mutation_id)
      );

      CREATE TABLE evidence (
        sha256 text PRIMARY KEY,
        media_type text NOT NULL,
        size integer NOT NULL,
        content bytea NOT NULL,
        created_at bigint NOT NULL
      );

      -- Append-only decision log. seq is gapless (appends are serialized, see audit.ts);
      -- prev_hash/hash are filled by the hash chain of a later version.
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at bigint NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        action text NOT NULL CHECK (action IN ('decision', 'lease_steal', 'approval', 'reveal')),
        case_id text,
        payload text NOT NULL,
        prev_hash text,
        hash text
      );
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'the decision log is append-only: entry % cannot be deleted', OLD.seq;
        END IF;
        IF (NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.case_id, NEW.payload)
           IS DISTINCT FROM (OLD.seq, OLD.at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.case_id, OLD.payload)
           OR (OLD.hash IS NOT NULL AND NEW.hash IS DISTINCT FROM OLD.hash)
           OR (OLD.prev_hash IS NOT NULL AND NEW.prev_hash IS DISTINCT FROM OLD.prev_hash) THEN
          RAISE EXCEPTION 'the decision log is append-only: entry % cannot be changed', OLD.seq;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 2,
    name: 'decision records, ledger',
    sql: `
      -- The service's record of every decision it accepted: what was decided under which
      -- rulebook version and facts, on the case as it then stood, and whether it is in effect.
      CREATE TABLE decisions (
        decision_id uuid PRIMARY KEY,
        case_id text NOT NULL,
        kind text NOT NULL,
        decided_by_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_effect', 'awaiting_approval', 'sent_back')),
        summary text NOT NULL,                  -- DecisionSummary JSON, as on the case
        facts text,                             -- CaseFacts JSON it was checked with; null before rulebooks
        case_input text NOT NULL,               -- the CaseInput as decided
        pending_ledger text NOT NULL DEFAULT '[]', -- LedgerEntry[] written when a held decision takes effect
        recorded_at bigint NOT NULL,
        effective_at bigint,
        contests uuid                           -- an appeal decision: the decision it contests
      );
      CREATE INDEX decisions_case ON decisions (case_id, recorded_at);
      CREATE INDEX decisions_contests ON decisions (contests) WHERE contests IS NOT NULL;
      -- Decisions accepted before this version: in effect, with no rulebook version or facts.
      INSERT INTO decisions (decision_id, case_id, kind, decided_by_id, state, summary, facts, case_input, recorded_at, effective_at)
        SELECT (last_decision::jsonb ->> 'decisionId')::uuid, id, kind, last_decision::jsonb -> 'decidedBy' ->> 'id', 'in_effect',
               last_decision, NULL, input, updated_at, updated_at
        FROM cases WHERE last_decision IS NOT NULL;

      -- Money moved by decisions in effect. Append-only: a reversal is a new entry.
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions (decision_id),
        case_id text NOT NULL,
        merchant_id text NOT NULL,
        payer text NOT NULL CHECK (payer IN ('merchant', 'creator', 'buyer', 'platform_fund', 'insurer', 'platform')),
        payee text NOT NULL CHECK (payee IN ('merchant', 'creator', 'buyer', 'platform_fund', 'insurer', 'platform')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        rule_ref text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('refund', 'compensation', 'freight', 'advance', 'settlement', 'fine', 'remedy', 'reversal')),
        rulebook_version text,
        at bigint NOT NULL,
        CHECK (payer <> payee)
      );
      CREATE INDEX ledger_at ON ledger_entries (at);
      CREATE INDEX ledger_merchant_at ON ledger_entries (merchant_id, at);
      CREATE INDEX ledger_decision ON ledger_entries (decision_id);
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: entry % cannot be changed or deleted', OLD.id;
      END $$;
      CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
    `,
  },
  {
    version: 3,
    name: 'feed pages read as bounds, then lines through COPY; feed lines kept inline',
    sql: `
      -- A third of the feed's lines pass the default 2 KB at which PostgreSQL compresses a row
      -- or moves it out of line; each read then decompresses it. Kept inline and uncompressed
      -- up to a page, reading a line costs ~40 % less database CPU, for ~1/3 more disk.
      ALTER TABLE feed SET (toast_tuple_target = 8160);
      -- A chunk of a feed page is read in two steps: its bounds from the index (how many rows,
      -- where it ends, whether more follow below the horizon), then its lines through COPY (see
      -- readPage in feed.ts), which hands them over as bytes without a value per row. Both read
      -- rows in (xid, id) order through the index.
      DROP FUNCTION feed_chunk(text, xid8, bigint, xid8, integer);
      CREATE FUNCTION feed_chunk_bounds(p_partition text, p_xid xid8, p_id bigint, p_horizon xid8, p_limit integer)
        RETURNS TABLE (n integer, last_xid text, last_id bigint, more boolean)
        LANGUAGE sql STABLE
        SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
        AS $$
          WITH chunk AS MATERIALIZED (
            SELECT f.xid, f.id, row_number() OVER (ORDER BY f.xid, f.id) AS k FROM feed f
            WHERE f.partition = p_partition AND (f.xid, f.id) > (p_xid, p_id) AND f.xid < p_horizon
            ORDER BY f.xid, f.id LIMIT p_limit
          )
          SELECT c.k::integer, c.xid::text, c.id,
            EXISTS (SELECT 1 FROM feed g WHERE g.partition = p_partition AND (g.xid, g.id) > (c.xid, c.id) AND g.xid < p_horizon)
          FROM chunk c WHERE c.k = (SELECT max(k) FROM chunk)
        $$;
      -- The lines after one position up to and including another.
      CREATE FUNCTION feed_lines(p_partition text, p_xid xid8, p_id bigint, p_last_xid xid8, p_last_id bigint)
        RETURNS SETOF text
        LANGUAGE sql STABLE
        SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
        AS $$
          SELECT f.line FROM feed f
          WHERE f.partition = p_partition AND (f.xid, f.id) > (p_xid, p_id) AND (f.xid, f.id) <= (p_last_xid, p_last_id)
          ORDER BY f.xid, f.id
        $$;
    `,
  },
  {
    version: 4,
    name: 'feed chunks read in one binary COPY',
    sql: `
      -- A chunk of a feed page is now one COPY in the binary format of its rows' positions and
      -- lines (readPage in feed.ts): one statement, so one snapshot, and no byte of a line
      -- scanned for characters to escape. The two functions of the two-step read go.
      DROP FUNCTION feed_chunk_bounds(text, xid8, bigint, xid8, integer);
      DROP FUNCTION feed_lines(text, xid8, bigint, xid8, bigint);
    `,
  },
  {
    version: 5,
    name: 'personal data of free text kept apart from cases and the feed',
    sql: `
      -- The original text of each free-text field in which ingest masked personal data
      -- (ingest-personal-data.ts). Cases, the feed and decision records hold only the masked
      -- text; this table is read by nothing that answers a console, and never replicated.
      CREATE TABLE case_personal_data (
        case_id text NOT NULL,
        field text NOT NULL,           -- path in the case: detail.buyerStatement, detail.chat[2].text
        original text NOT NULL,
        kinds text[] NOT NULL,         -- phone, id_number, bank_card, address
        recorded_at bigint NOT NULL,
        PRIMARY KEY (case_id, field)
      );
    `,
  },
  {
    version: 6,
    name: 'decision records, answers, ledger, push answers and evidence refuse update, delete, truncate',
    sql: `
      -- A held decision's answer (four-eyes) is a row of its own: the decision as recorded never
      -- changes, so neither does its statement of reasons. One answer per decision at most.
      CREATE TABLE decision_answers (
        decision_id uuid PRIMARY KEY REFERENCES decisions (decision_id),
        state text NOT NULL CHECK (state IN ('in_effect', 'sent_back')),
        approval text NOT NULL,                 -- DecisionApproval JSON
        effective_at bigint,
        at bigint NOT NULL
      );

      CREATE FUNCTION docket_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      -- Row triggers refuse UPDATE and DELETE, statement triggers TRUNCATE (row triggers do not fire on it).
      CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER decision_answers_append_only BEFORE UPDATE OR DELETE ON decision_answers FOR EACH ROW EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER push_answers_append_only BEFORE UPDATE OR DELETE ON push_answers FOR EACH ROW EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER push_clients_append_only BEFORE UPDATE OR DELETE ON push_clients FOR EACH ROW EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER decision_answers_no_truncate BEFORE TRUNCATE ON decision_answers FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER push_answers_no_truncate BEFORE TRUNCATE ON push_answers FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER push_clients_no_truncate BEFORE TRUNCATE ON push_clients FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION docket_refuse_change();
    `,
  },
  {
    version: 7,
    name: 'evidence found by the cases that cite it',
    sql: `
      -- A blob is served only to a reader who may read a case citing it (getEvidence).
      CREATE INDEX cases_evidence ON cases USING gin (((input::jsonb) -> 'evidence') jsonb_path_ops);
    `,
  },
  {
    version: 8,
    name: 'tokens expire and can be revoked',
    sql: `
      ALTER TABLE staff_tokens ADD COLUMN expires_at bigint, ADD COLUMN revoked_at bigint, ADD COLUMN revoked_by text;
      -- Tokens issued before tokens expired get the default lifetime (30 days) from now.
      UPDATE staff_tokens SET expires_at = docket_now_ms() + 30::bigint * 86400000;
      ALTER TABLE staff_tokens ALTER COLUMN expires_at SET NOT NULL;
      CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);
      ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('decision', 'lease_steal', 'approval', 'reveal', 'token_revoke'));
    `,
  },
  {
    version: 9,
    name: 'lease history, pushed commands fingerprinted, mutation order',
    sql: `
      -- Every lease by epoch: who held it, from when to when, and how it ended. A decision must
      -- carry the epoch of a lease its own author held (a release clears the holder on the case,
      -- not here), and its console time must lie within that lease.
      CREATE TABLE lease_grants (
        case_id text NOT NULL,
        epoch integer NOT NULL,
        holder_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('online', 'offline')),
        granted_at bigint,                      -- null: live when the history began, start unknown
        expires_at bigint NOT NULL,             -- renewals move it
        ended_at bigint,                        -- released, or ended by the decision made under it
        ended_by text CHECK (ended_by IN ('release', 'decision')),
        PRIMARY KEY (case_id, epoch)
      );
      INSERT INTO lease_grants (case_id, epoch, holder_id, mode, granted_at, expires_at)
        SELECT id, lease_epoch, lease_holder_id, lease_mode, NULL, lease_expires_at FROM cases
        WHERE lease_holder_id IS NOT NULL AND lease_mode IS NOT NULL AND lease_expires_at IS NOT NULL;
      -- The sha256 of the canonical command an answer was given to: the same ids with another
      -- command are refused. Null for answers stored before.
      ALTER TABLE push_answers ADD COLUMN command_sha256 text;
      -- Mutations answered not_applied (a fault rolled back, answer not stored): the only ones a
      -- client may send again below its highest answered mutation id (push.ts, "mutation order").
      CREATE TABLE push_unapplied (client_id uuid NOT NULL, mutation_id bigint NOT NULL, PRIMARY KEY (client_id, mutation_id));
    `,
  },
  {
    version: 10,
    name: 'every kind of decision log entry',
    sql: `
      ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
        'decision', 'approval', 'approval_rejection', 'appeal_outcome', 'lease_steal', 'reveal', 'qa_review',
        'rulebook_change', 'role_change', 'key_rotation', 'token_revoke', 'escalation', 'handoff'));
    `,
  },
  {
    version: 11,
    name: 'audit log: hash chain head, signed checkpoints, signing keys',
    sql: `
      -- The tree after the last chained entry (audit.ts): its size, the roots of its perfect
      -- subtrees (JSON array of hex, largest first), its root and the last leaf hash. One row,
      -- read and written only under LOCK_AUDIT_APPEND. Entries logged before this version are
      -- chained by the next append (or the service's start).
      CREATE TABLE audit_head (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        size bigint NOT NULL,
        edge text NOT NULL,
        root text NOT NULL,
        prev text NOT NULL
      );
      INSERT INTO audit_head (size, edge, root, prev)
        VALUES (0, '[]', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', repeat('0', 64));
      -- Checkpoints: due ones (every 1,000 entries) wait with note NULL until the signer signs
      -- them; a signed one never changes.
      CREATE TABLE audit_checkpoints (
        tree_size bigint PRIMARY KEY,
        root_hash text NOT NULL,
        signed_at bigint,
        note text,
        key text
      );
      CREATE FUNCTION audit_checkpoints_signed_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.note IS NOT NULL OR NEW.tree_size <> OLD.tree_size OR NEW.root_hash <> OLD.root_hash THEN
          RAISE EXCEPTION 'audit checkpoint % is signed once and never changes', OLD.tree_size;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_checkpoints_signed_once BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_signed_once();
      -- Every key that has signed checkpoints, in order of first use: a new one is a key_rotation entry.
      CREATE TABLE audit_keys (key text PRIMARY KEY, fingerprint text NOT NULL, first_used_at bigint NOT NULL);
    `,
  },
  {
    version: 12,
    name: 'PDQ hashes of evidence images, known-bad image lists',
    sql: `
      -- Beside the blob (which refuses updates): computed once when the blob is uploaded.
      CREATE TABLE evidence_pdq (
        sha256 text PRIMARY KEY REFERENCES evidence (sha256),
        pdq text NOT NULL CHECK (pdq ~ '^[0-9a-f]{64}$'),
        quality integer NOT NULL CHECK (quality BETWEEN 0 AND 100),
        decoder text NOT NULL,
        hashed_at bigint NOT NULL
      );
      -- Lists imported by platform engineers (HMA's CSV); an import replaces its list whole.
      CREATE TABLE known_bad_images (
        list text NOT NULL,
        entry_id text NOT NULL,
        pdq text NOT NULL CHECK (pdq ~ '^[0-9a-f]{64}$'),
        tags text NOT NULL DEFAULT '[]',
        imported_at bigint NOT NULL,
        imported_by text NOT NULL REFERENCES staff (id),
        PRIMARY KEY (list, entry_id)
      );
      -- Changes with every import, so each instance knows when its in-memory index is stale.
      INSERT INTO service_meta (key, value) VALUES ('known_bad_generation', '0');
    `,
  },
  {
    version: 13,
    name: 'cases: the latest escalation or hand-off',
    sql: `
      -- JSON Escalation (shared/domain/escalation.ts); null for a case never escalated or handed off.
      ALTER TABLE cases ADD COLUMN escalation text;
    `,
  },
];

export class SchemaTooNewError extends Error {}

/** Applies pending migrations; refuses a database migrated by a newer version of the service. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<{ applied: number[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_MIGRATIONS]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const done = new Set(rows.map((r) => r.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new SchemaTooNewError(`the database is at schema version ${newest}, newer than this case service knows (${known}): upgrade the service`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, floor(extract(epoch FROM clock_timestamp()) * 1000))`, [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied };
  });
}
