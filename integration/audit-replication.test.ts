/**
 * A supervisor's console replicates the case service's audit log and verifies it before storing
 * anything: the key is pinned (confirmed by the user, or configured), never taken from the
 * service alone; an altered entry, a checkpoint signed by another key, a rollback and a fork
 * each stop replication naming the entry or checkpoint, and what verified before is kept.
 * Real case service on PGlite over HTTP on 127.0.0.1, real SQLite; the service's database is
 * tampered with as someone with database access would (triggers disabled).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint, formatNote, keyFingerprint, parseVerifierKey } from '../shared/audit';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { nodeSha256 } from '../electron/core/audit/node-crypto';
import { verifyExportFile } from '../electron/core/audit/export-file';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import { appendAudit } from '../server/audit';
import { auditSigner } from '../server/audit-signer';
import { pgliteDb } from '../server/db/pglite';
import { migrate } from '../server/db/migrations';
import type { Db } from '../server/db/db';
import { serveCaseService, type CaseService } from '../server/service';
import { inspect, STAFF_ZH as STAFF } from './support';

const tmp = tempDir('docket-audit-replication-');
const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) => k.export({ format: 'pem', type: 'pkcs8' }).toString();
const serviceKey = generateKeyPairSync('ed25519').privateKey;
let db: Db;
let svc: CaseService;
let supervisorToken: string;

const log = (n: number, tag: string) =>
  db.transaction((tx) => appendAudit(tx, Array.from({ length: n }, (_, i) => ({ actor: { id: 'mod-li', name: '李娜' }, action: 'decision' as const, caseId: `V-${tag}-${i}`, payload: { tag, i, amountFen: 1_000 * i } })), Date.now()));
const tampering = (sql: string, params: unknown[] = []) => db.transaction(async (tx) => {
  await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
  await tx.query(sql, params);
  await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
});
const held = (file: string) => inspect(file, (d) => ({
  entries: d.prepare('SELECT count(*) FROM audit_entries').pluck().get() as number,
  maxSeq: d.prepare('SELECT max(seq) FROM audit_entries').pluck().get() as number | null,
  checkpoint: d.prepare('SELECT max(tree_size) FROM audit_checkpoints').pluck().get() as number | null,
}));

beforeAll(async () => {
  db = await pgliteDb();
  await migrate(db);
  svc = await serveCaseService(db, { audit: { pem: pem(serviceKey), checkpointMs: 60_000 } });
  supervisorToken = await svc.provisionStaff(STAFF.supA);
});
afterAll(async () => {
  await svc?.close();
  await db?.close();
  tmp.remove();
});

describe('audit log replication', () => {
  let core: ConsoleCore;
  const file = tmp.file('supervisor.db');

  it('shows the key the service states for the supervisor to confirm, stores nothing before, and pins only the key shown', async () => {
    await log(40, 'a');
    await svc.signAuditCheckpoint();
    core = await openConsole({ dbPath: file, serverUrl: svc.url, token: supervisorToken, autoSync: false });
    const status = await call(core, 'sync.now', {});
    const claim = status.audit?.keyToConfirm;
    expect(claim).toMatchObject({ key: svc.auditKey, origin: 'docket.local/audit' });
    expect(claim?.fingerprint).toBe(keyFingerprint(nodeSha256, parseVerifierKey(nodeSha256, svc.auditKey)));
    expect(held(file).entries).toBe(0);
    // Another key, or the right key with another fingerprint, is not what was shown.
    const forged = auditSigner('docket.local/audit', generateKeyPairSync('ed25519').privateKey);
    expect(await refused(core, 'audit.confirmKey', { key: forged.keyText, fingerprint: forged.fingerprint })).toMatchObject({ code: 'invalid_input' });
    expect(await refused(core, 'audit.confirmKey', { key: forged.keyText, fingerprint: claim?.fingerprint ?? '' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('not the key shown') });
    expect(await call(core, 'audit.confirmKey', { key: claim?.key ?? '', fingerprint: claim?.fingerprint ?? '' })).toEqual({ pinnedKey: svc.auditKey });
  });

  it('replicates every entry and checkpoint once the key is pinned, verified, and exports a file that verifies', async () => {
    const status = await call(core, 'sync.now', {});
    expect(status.audit).toMatchObject({ pinnedKey: svc.auditKey, keyToConfirm: null, error: null });
    const h = held(file);
    expect(h.entries).toBe(h.checkpoint);
    expect(h.entries).toBeGreaterThanOrEqual(40);
    const exported = await call(core, 'audit.export', {});
    expect(exported.entries).toBe(h.entries);
    expect(await verifyExportFile(exported.file, svc.auditKey)).toMatchObject({ ok: true, entriesChecked: h.entries, key: { source: 'given' } });
    expect(await call(core, 'audit.verify', {})).toMatchObject({ ok: true, entriesChecked: h.entries });
  });

  it('stops at an entry altered on the service without its hash, naming it, and keeps what verified before', async () => {
    const before = held(file);
    await log(10, 'b');
    const target = before.entries + 4;
    await tampering(`UPDATE audit_log SET payload = replace(payload, '"amountFen":3000', '"amountFen":300') WHERE seq = $1`, [target]);
    await svc.signAuditCheckpoint();
    const status = await call(core, 'sync.now', {});
    expect(status.audit?.error).toContain(`stopped at entry ${target}: its content hashes to`);
    expect(status.lastError).toContain(`entry ${target}`);
    expect(held(file)).toEqual(before);
    // Put back: replication goes on from where it stopped.
    await tampering(`UPDATE audit_log SET payload = replace(payload, '"amountFen":300}', '"amountFen":3000}') WHERE seq = $1`, [target]);
    expect((await call(core, 'sync.now', {})).audit?.error).toBeNull();
    expect(held(file).entries).toBe(before.entries + 10);
  });

  it('refuses checkpoints signed by a key it did not pin, even one the service now states', async () => {
    const before = held(file);
    const rogue = await serveCaseService(db, { audit: { pem: pem(generateKeyPairSync('ed25519').privateKey) } });
    try {
      await log(5, 'c');
      await rogue.signAuditCheckpoint();
      const status = await call(core, 'sync.now', {});
      expect(status.audit?.error).toMatch(/stopped at the checkpoint of size \d+: the note is not signed by the pinned key/);
      expect(held(file)).toEqual(before);
    } finally {
      await rogue.close();
    }
    // The real key signs again; the rogue checkpoints stay and keep replication stopped at them.
    await tampering(`DELETE FROM audit_checkpoints WHERE key <> $1`, [svc.auditKey]);
    await svc.signAuditCheckpoint();
    expect((await call(core, 'sync.now', {})).audit?.error).toBeNull();
  });

  it('names a rollback to an older checkpoint and a fork at the size it holds', async () => {
    const h = held(file);
    const size = h.checkpoint ?? 0;
    // Rolled back: the service lost its newest checkpoint and the entries under it.
    const [saved] = await db.query<{ note: string; root_hash: string; signed_at: number; key: string }>('SELECT note, root_hash, signed_at, key FROM audit_checkpoints WHERE tree_size = $1', [size]);
    await tampering('DELETE FROM audit_checkpoints WHERE tree_size = $1', [size]);
    expect((await call(core, 'sync.now', {})).audit?.error).toContain(`the checkpoint of size ${size}: the service no longer has`);
    // Forked: the same size, signed by the pinned key, with another root.
    const text = formatCheckpoint({ origin: 'docket.local/audit', size, root: new Uint8Array(32).fill(9), signedAt: Date.now() });
    const key = parseVerifierKey(nodeSha256, svc.auditKey);
    const note = formatNote({ text, signatures: [{ keyName: key.name, keyHash: key.keyHash, signature: sign(null, Buffer.from(text), serviceKey) }] });
    await db.query('INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, note, key) VALUES ($1, $2, $3, $4, $5)', [size, '09'.repeat(32), Date.now(), note, svc.auditKey]);
    expect((await call(core, 'sync.now', {})).audit?.error).toContain(`the checkpoint of size ${size}: the service signs another root`);
    expect(held(file)).toEqual(h);
    await tampering('DELETE FROM audit_checkpoints WHERE tree_size = $1', [size]);
    await db.query('INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, note, key) VALUES ($1, $2, $3, $4, $5)', [size, saved?.root_hash, saved?.signed_at, saved?.note, saved?.key]);
    expect((await call(core, 'sync.now', {})).audit?.error).toBeNull();
    await core.close();
  });

  it('pins a configured key without asking, and a moderator\'s console replicates nothing', async () => {
    const configured = tmp.file('configured.db');
    const c = await openConsole({ dbPath: configured, serverUrl: svc.url, token: await svc.provisionStaff(STAFF.supB), autoSync: false, auditKey: svc.auditKey });
    try {
      const status = await call(c, 'sync.now', {});
      expect(status.audit).toMatchObject({ pinnedKey: svc.auditKey, keyToConfirm: null, error: null });
      expect(held(configured).entries).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
    const mod = await openConsole({ dbPath: tmp.file('moderator.db'), serverUrl: svc.url, token: await svc.provisionStaff(STAFF.mod), autoSync: false });
    try {
      expect((await call(mod, 'sync.now', {})).audit).toBeUndefined();
      expect(await refused(mod, 'audit.export', {})).toMatchObject({ code: 'forbidden' });
      expect(held(tmp.file('moderator.db')).entries).toBe(0);
    } finally {
      await mod.close();
    }
  });
});
