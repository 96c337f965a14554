/** The tamper-evident decision log: hashes chained at append, checkpoints signed, proofs served, keys and roles logged. */
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditEntryBytes, CompactRange, fromBase64, GENESIS_PREV, openNote, parseCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion, type Ed25519,
} from '../shared/audit';
import {
  AuditCheckpointNote, AuditCheckpointPage, AuditConsistencyProof, AuditInclusionProof, AuditKeyClaim, AuditPage, routes, type ChainedAuditEntry,
} from '../shared/sync/protocol';
import { appendAudit, CHECKPOINT_EVERY_ENTRIES } from './audit';
import { hex, sha256, treeHasher, unhex } from './audit-crypto';
import { auditSigner } from './audit-signer';
import { ADMIN_ACTOR, provisionStaff } from './staff';
import { BACKENDS, serveForTests, SHIPPED_RULEBOOKS, startTestService, type TestDatabase, type TestService } from './test-helpers';

const ed25519: Ed25519 = {
  verify: (publicKey, message, signature) => verify(null, message, createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]), format: 'der', type: 'spki' }), signature),
};

describe.each(BACKENDS)('the audit log on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env), { audit: { checkpointMs: 60_000 } });

  const entries = async (): Promise<ChainedAuditEntry[]> => AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?limit=10000`)).body).entries;
  const pinned = () => parseVerifierKey(sha256, t.svc.auditKey);
  const log = (n: number) =>
    tdb.db.transaction((tx) => appendAudit(tx, Array.from({ length: n }, (_, i) => ({ actor: { id: 'mod-a', name: '李娜' }, action: 'decision' as const, caseId: `V-${i}`, payload: { i, note: '证据充分', fen: 100 * i } })), Date.now()));

  it('chains every entry to the one before and hashes it as a leaf of its canonical bytes', async () => {
    await log(25);
    const all = await entries();
    expect(all.length).toBeGreaterThanOrEqual(25);
    let prev = GENESIS_PREV;
    for (const e of all) {
      expect(e.prev).toBe(prev);
      const leaf = hex(treeHasher.leaf(auditEntryBytes(e)));
      expect(e.hash).toBe(leaf);
      prev = leaf;
    }
    // The log starts with who signs it and what rulebook decides.
    expect(all.slice(0, 2).map((e) => e.action)).toEqual(['key_rotation', 'rulebook_change']);
    expect(all[0]?.payload).toMatchObject({ from: null, to: { key: t.svc.auditKey } });
  });

  it('signs a checkpoint of the head in the signed-note layout with the key it states; the root is the tree of every entry', async () => {
    await log(3);
    const sizes = await t.svc.signAuditCheckpoint();
    const all = await entries();
    expect(sizes).toEqual([all.length]);
    const claim = AuditKeyClaim.parse((await t.as('supervisor').get(routes.auditKey)).body);
    expect(claim.key).toBe(t.svc.auditKey);
    const latest = AuditCheckpointNote.parse((await t.as('supervisor').get(routes.auditCheckpoint)).body);
    const c = parseCheckpoint(openNote(latest.note, pinned(), ed25519));
    const range = new CompactRange(treeHasher);
    for (const e of all) range.append(unhex(e.hash));
    expect(c).toMatchObject({ origin: 'docket.local/audit', size: all.length });
    expect(hex(c.root)).toBe(hex(range.root()));
    // Another key of the same name does not open it.
    const other = auditSigner('docket.local/audit', generateKeyPairSync('ed25519').privateKey);
    expect(() => openNote(latest.note, other.key, ed25519)).toThrow(/not signed by the pinned key/);
  });

  it('records a checkpoint due every 1,000 entries, even inside one append, and signs them in order', async () => {
    const before = (await entries()).length;
    // Seen inside the appending transaction: the signer cannot take the lock before it commits.
    const due = await tdb.db.transaction(async (tx) => {
      await appendAudit(tx, Array.from({ length: 2 * CHECKPOINT_EVERY_ENTRIES + 10 }, (_, i) => ({ actor: { id: 'sup-a', name: '陈静' }, action: 'qa_review' as const, caseId: null, payload: { i } })), Date.now());
      return tx.query<{ tree_size: number }>('SELECT tree_size FROM audit_checkpoints WHERE note IS NULL ORDER BY tree_size');
    });
    const multiples = [1, 2, 3].map((k) => k * CHECKPOINT_EVERY_ENTRIES).filter((s) => s > before && s <= before + 2010);
    expect(due.map((r) => r.tree_size)).toEqual(multiples);
    await t.svc.signAuditCheckpoint();
    const page = AuditCheckpointPage.parse((await t.as('supervisor').get(`${routes.auditCheckpoints}?after=0&limit=1000`)).body);
    expect(page.checkpoints.map((p) => p.size)).toEqual(expect.arrayContaining([...multiples, before + 2010]));
    const cps = page.checkpoints.map((p) => parseCheckpoint(openNote(p.note, pinned(), ed25519)));
    expect(cps.map((c) => c.size)).toEqual(page.checkpoints.map((p) => p.size));
    for (let i = 1; i < cps.length; i++) expect(cps[i]?.signedAt).toBeGreaterThanOrEqual(cps[i - 1]?.signedAt ?? 0);
    // A signed checkpoint never changes.
    await expect(tdb.db.query(`UPDATE audit_checkpoints SET note = 'x' WHERE tree_size = $1`, [multiples[0]])).rejects.toThrow(/signed once/);
  });

  it('serves inclusion proofs and consistency proofs between checkpoints that verify as RFC 9162 says', async () => {
    const page = AuditCheckpointPage.parse((await t.as('supervisor').get(`${routes.auditCheckpoints}?limit=1000`)).body);
    const cps = page.checkpoints.map((p) => parseCheckpoint(openNote(p.note, pinned(), ed25519)));
    const [a, b] = [cps[0], cps.at(-1)];
    if (!a || !b) throw new Error('two checkpoints expected');
    const cons = AuditConsistencyProof.parse((await t.as('supervisor').get(`${routes.auditConsistency}?from=${a.size}&to=${b.size}`)).body);
    expect(() => verifyConsistency(treeHasher, a.size, b.size, cons.proof.map(fromBase64), a.root, b.root)).not.toThrow();
    // The proof for one size does not pass for another.
    expect(() => verifyConsistency(treeHasher, a.size + 1, b.size, cons.proof.map(fromBase64), a.root, b.root)).toThrow();
    const all = await entries();
    const index = Math.floor(b.size / 3);
    const inc = AuditInclusionProof.parse((await t.as('supervisor').get(`${routes.auditInclusion}?index=${index}&size=${b.size}`)).body);
    expect(inc.leafHash).toBe(all[index]?.hash);
    expect(() => verifyInclusion(treeHasher, index, b.size, unhex(inc.leafHash), inc.proof.map(fromBase64), b.root)).not.toThrow();
    expect(await t.as('supervisor').get(`${routes.auditInclusion}?index=${b.size}&size=${b.size}`)).toMatchObject({ status: 400, body: { message: expect.stringContaining('0-based') } });
    expect(await t.as('supervisor').get(`${routes.auditConsistency}?from=5&to=${all.length + 5}`)).toMatchObject({ status: 400, body: { message: expect.stringContaining(`holds ${all.length} entries`) } });
    for (const path of [routes.audit, routes.auditKey, routes.auditCheckpoint, `${routes.auditCheckpoints}`, `${routes.auditConsistency}?from=1&to=2`]) {
      expect((await t.as('moderator').get(path)).status).toBe(403);
      expect((await t.as('arbiter').get(path)).status).toBe(403);
    }
  });

  it('logs a role change, a rulebook version change and a key rotation', async () => {
    await provisionStaff(tdb.db, { id: 'mod-promote', name: '晋升', role: 'moderator' });
    await provisionStaff(tdb.db, { id: 'mod-promote', name: '晋升', role: 'arbiter' });
    await provisionStaff(tdb.db, { id: 'mod-promote', name: '晋升', role: 'arbiter' });
    const roles = (await entries()).filter((e) => e.action === 'role_change' && e.payload.staffId === 'mod-promote');
    expect(roles.map((e) => [e.actor.id, e.payload.from, e.payload.to])).toEqual([[ADMIN_ACTOR.id, null, 'moderator'], [ADMIN_ACTOR.id, 'moderator', 'arbiter']]);

    const versions = [...new Set(SHIPPED_RULEBOOKS.map((r) => r.version))].sort();
    const older = versions[0] as string;
    const second = await startTestService(tdb.db, { currentRulebookVersion: older, audit: { checkpointMs: 60_000 } }, t.tokens);
    try {
      const after = await entries();
      const rotation = after.filter((e) => e.action === 'key_rotation').at(-1);
      expect(rotation?.payload).toMatchObject({ from: { key: t.svc.auditKey }, to: { key: second.svc.auditKey } });
      if (versions.length > 1) expect(after.filter((e) => e.action === 'rulebook_change').at(-1)?.payload).toMatchObject({ to: older });
    } finally {
      await second.svc.close();
    }
  });

  it('refuses to change a chained entry\'s hash, and chains entries logged before the chain existed', async () => {
    await expect(tdb.db.query(`UPDATE audit_log SET hash = repeat('a', 64) WHERE seq = 1`)).rejects.toThrow(/append-only/);
    // As a database of version 10 held it: an entry without hashes, after the head.
    const [max] = await tdb.db.query<{ m: number }>('SELECT max(seq) AS m FROM audit_log');
    const seq = Number(max?.m) + 1;
    await tdb.db.query(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload) VALUES ($1, 5, 'mod-a', '李娜', 'decision', 'V-OLD', '{"b":1,"a":[1,2]}')`, [seq]);
    await log(1);
    const all = await entries();
    const old = all.find((e) => e.seq === seq);
    expect(old?.prev).toBe(all.find((e) => e.seq === seq - 1)?.hash);
    expect(old?.hash).toBe(hex(treeHasher.leaf(auditEntryBytes(old as ChainedAuditEntry))));
    expect(all.at(-1)?.prev).toBe(old?.hash);
  });
});
