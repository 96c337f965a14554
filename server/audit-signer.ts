/**
 * Signs the audit log's checkpoints with the service's Ed25519 key, in the signed-note layout
 * (docs/audit-log.md): every checkpoint due (each 1,000 entries, recorded by the append), and the
 * head when entries came after the last signed checkpoint and it is `intervalMs` old (a minute
 * by default) — so while entries arrive a checkpoint is signed at least every minute.
 *
 * The key: a PKCS#8 PEM given (the environment, for a real service), or a file (generated on
 * first start when missing: the demo keeps it beside its data). A key not used before is logged
 * as a `key_rotation` entry before it signs anything.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  formatCheckpoint, formatNote, formatVerifierKey, keyFingerprint, verifierKey, type VerifierKey,
} from '../shared/audit';
import { appendAudit } from './audit';
import { sha256 } from './audit-crypto';
import type { Db, Queryable } from './db/db';
import { LOCK_AUDIT_APPEND } from './db/migrations';
import { ADMIN_ACTOR } from './staff';

export const DEFAULT_AUDIT_ORIGIN = 'docket.local/audit';
export const DEFAULT_CHECKPOINT_MS = 60_000;

export interface AuditSigner {
  origin: string;
  key: VerifierKey;
  /** `name+hash+base64`, as consoles pin it. */
  keyText: string;
  fingerprint: string;
  signText(text: string): Uint8Array;
}

export function auditSigner(origin: string, privateKey: KeyObject): AuditSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; it must be Ed25519`);
  // SubjectPublicKeyInfo DER of an Ed25519 key: a 12-byte prefix, then the 32 key bytes.
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
  const key = verifierKey(sha256, origin, raw);
  return {
    origin, key, keyText: formatVerifierKey(key), fingerprint: keyFingerprint(sha256, key),
    signText: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey),
  };
}

export interface AuditKeySource {
  /** PKCS#8 PEM text (e.g. from DOCKET_AUDIT_KEY). */
  pem?: string;
  /** A PEM file; created with a new key when missing. */
  file?: string;
}

/** The signing key from the PEM, the file (made when missing), or, with neither, a new key for this process only. */
export function loadAuditKey(source: AuditKeySource): KeyObject {
  const parse = (pem: string, where: string): KeyObject => {
    try {
      return createPrivateKey({ key: pem, format: 'pem' });
    } catch (e) {
      throw new Error(`the audit signing key in ${where} is not a PKCS#8 PEM private key: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  if (source.pem !== undefined) return parse(source.pem, 'the given PEM');
  if (source.file !== undefined) {
    if (existsSync(source.file)) return parse(readFileSync(source.file, 'utf8'), source.file);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(source.file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  }
  return generateKeyPairSync('ed25519').privateKey;
}

const nowMs = async (q: Queryable): Promise<number> => Number((await q.query<{ now: number }>('SELECT docket_now_ms() AS now'))[0]?.now);

function signedNote(signer: AuditSigner, size: number, rootHex: string, signedAt: number): string {
  const text = formatCheckpoint({ origin: signer.origin, size, root: Buffer.from(rootHex, 'hex'), signedAt });
  return formatNote({ text, signatures: [{ keyName: signer.key.name, keyHash: signer.key.keyHash, signature: signer.signText(text) }] });
}

/** Logs a `key_rotation` entry when this key has not signed before (the first key too: the log says who signs it). */
export async function recordSigningKey(db: Db, signer: AuditSigner): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
    const known = await tx.query<{ key: string }>('SELECT key FROM audit_keys WHERE key = $1', [signer.keyText]);
    if (known.length > 0) return;
    const [last] = await tx.query<{ key: string; fingerprint: string }>('SELECT key, fingerprint FROM audit_keys ORDER BY first_used_at DESC, key LIMIT 1');
    const now = await nowMs(tx);
    await tx.query('INSERT INTO audit_keys (key, fingerprint, first_used_at) VALUES ($1, $2, $3)', [signer.keyText, signer.fingerprint, now]);
    await appendAudit(tx, [{
      actor: ADMIN_ACTOR, action: 'key_rotation', caseId: null,
      payload: { origin: signer.origin, from: last ? { key: last.key, fingerprint: last.fingerprint } : null, to: { key: signer.keyText, fingerprint: signer.fingerprint } },
    }], now);
  });
}

/**
 * Signs the checkpoints due, then the head when it is past the last signed checkpoint and that
 * one is `intervalMs` old (or `force`). Returns the sizes signed.
 */
export async function signCheckpoints(db: Db, signer: AuditSigner, intervalMs: number, force = false): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
    const now = await nowMs(tx);
    const signed: number[] = [];
    const due = await tx.query<{ tree_size: number; root_hash: string }>('SELECT tree_size, root_hash FROM audit_checkpoints WHERE note IS NULL ORDER BY tree_size');
    for (const d of due) {
      await tx.query('UPDATE audit_checkpoints SET note = $2, signed_at = $3, key = $4 WHERE tree_size = $1', [d.tree_size, signedNote(signer, d.tree_size, d.root_hash, now), now, signer.keyText]);
      signed.push(d.tree_size);
    }
    const [head] = await tx.query<{ size: number; root: string }>('SELECT size, root FROM audit_head');
    const [last] = await tx.query<{ tree_size: number; signed_at: number }>('SELECT tree_size, signed_at FROM audit_checkpoints WHERE note IS NOT NULL ORDER BY tree_size DESC LIMIT 1');
    if (head && head.size > (last?.tree_size ?? 0) && (force || !last || now - last.signed_at >= intervalMs)) {
      await tx.query('INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, note, key) VALUES ($1, $2, $3, $4, $5)', [head.size, head.root, now, signedNote(signer, head.size, head.root, now), signer.keyText]);
      signed.push(head.size);
    }
    return signed;
  });
}

/** Runs `signCheckpoints` on a timer; `stop()` signs what is left, so a clean stop leaves no entry unsigned. */
export function checkpointSchedule(db: Db, signer: AuditSigner, intervalMs: number, onError: (e: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = Math.max(10, Math.min(1_000, intervalMs));
  const timer = setInterval(() => {
    running = running.then(() => signCheckpoints(db, signer, intervalMs)).catch(onError);
  }, tick);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await signCheckpoints(db, signer, intervalMs, true).catch(onError);
    },
  };
}
