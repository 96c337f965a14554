/**
 * The case service from the command line. See server/README.md.
 *
 *   npx tsx server/main.ts [--host H] [--port N] [--database-url URL] [--data-dir DIR]
 *                          [--provision id:name:role]... [--feed-retention-ms N]
 *                          [--rulebook-dir DIR] [--rulebook-version V] [--token-lifetime-days N]
 *                          [--audit-key-file FILE] [--audit-origin O] [--audit-checkpoint-ms N]
 *   npx tsx server/main.ts provision [--database-url URL] [--data-dir DIR] [--token-lifetime-days N] id:name:role...
 *   npx tsx server/main.ts tokens list [--database-url URL] [--data-dir DIR] staff-id
 *   npx tsx server/main.ts tokens revoke [--database-url URL] [--data-dir DIR] staff-id [token-id]
 *
 * Serving prints one JSON line on stdout once it listens: {"url": ..., "tokens": {id: token}}.
 * `provision` issues tokens on the database (revoking the staff member's earlier ones) and
 * exits: {"tokens": {id: token}}. `tokens list` prints {"tokens": [TokenInfo]}; `tokens revoke`
 * revokes one token or all live ones of a staff member, logged: {"revoked": [token-id]}.
 */
import { parseArgs } from 'node:util';
import { Role } from '../shared/domain';
import { migrate } from './db/migrations';
import { pgliteDb } from './db/pglite';
import { postgresDb } from './db/postgres';
import { readRulebookDir, SHIPPED_RULEBOOK_DIR } from './rulebooks';
import type { AuditKeySource } from './audit-signer';
import { startCaseService } from './service';
import { ADMIN_ACTOR, DEFAULT_TOKEN_LIFETIME_MS, listTokens, provisionStaff, revokeTokens } from './staff';

/** How often a service with a feed retention compacts its feed. */
const COMPACT_EVERY_MS = 10 * 60_000;

export function parseStaffSpec(spec: string): { id: string; name: string; role: Role } {
  const first = spec.indexOf(':');
  const last = spec.lastIndexOf(':');
  const role = Role.safeParse(spec.slice(last + 1));
  if (first < 0 || first === last || !role.success) {
    throw new Error(`staff ${spec}: expected id:name:role with role one of ${Role.options.join(', ')}`);
  }
  return { id: spec.slice(0, first), name: spec.slice(first + 1, last), role: role.data };
}

/**
 * The audit signing key: DOCKET_AUDIT_KEY (PKCS#8 PEM) or --audit-key-file (made when missing).
 * A PGlite data directory keeps its key beside it; a PostgreSQL deployment must name its key,
 * or every instance and every restart would sign with a key of its own.
 */
function auditKeySource(file: string | undefined, databaseUrl: string | undefined, dataDir: string | undefined): AuditKeySource {
  const pem = process.env.DOCKET_AUDIT_KEY;
  if (pem) return { pem };
  if (file) return { file };
  if (databaseUrl) throw new Error('the case service on PostgreSQL signs its audit log with a key you keep: set DOCKET_AUDIT_KEY (PKCS#8 PEM) or --audit-key-file FILE (created when missing)');
  return dataDir ? { file: `${dataDir.replace(/[\\/]+$/, '')}.audit-key.pem` } : {};
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      provision: { type: 'string', multiple: true, default: [] },
      'feed-retention-ms': { type: 'string' },
      'rulebook-dir': { type: 'string' },
      'rulebook-version': { type: 'string' },
      'token-lifetime-days': { type: 'string' },
      'audit-key-file': { type: 'string' },
      'audit-origin': { type: 'string' },
      'audit-checkpoint-ms': { type: 'string' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = values['data-dir'];
  const days = values['token-lifetime-days'] === undefined ? undefined : Number(values['token-lifetime-days']);
  if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 3_650)) throw new Error('--token-lifetime-days: a number of days, more than 0 and at most 3650');
  const tokenLifetimeMs = days === undefined ? DEFAULT_TOKEN_LIFETIME_MS : Math.round(days * 86_400_000);
  const openDb = async () => {
    const db = databaseUrl ? postgresDb(databaseUrl, { maxConnections: 1 }) : await pgliteDb(dataDir);
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  };

  if (positionals[0] === 'tokens') {
    const [, verb, staffId, tokenId] = positionals;
    if ((verb !== 'list' && verb !== 'revoke') || !staffId) throw new Error('tokens: expected `tokens list staff-id` or `tokens revoke staff-id [token-id]`');
    const db = await openDb();
    try {
      const out = verb === 'list'
        ? { tokens: await listTokens(db, staffId) }
        : { revoked: await revokeTokens(db, { staffId, ...(tokenId ? { tokenId } : {}) }, ADMIN_ACTOR, 'revoked from the command line') };
      process.stdout.write(JSON.stringify(out) + '\n');
    } finally {
      await db.close();
    }
    return;
  }

  if (positionals[0] === 'provision') {
    const staff = positionals.slice(1).map(parseStaffSpec);
    if (staff.length === 0) throw new Error('provision: name at least one id:name:role');
    const db = await openDb();
    try {
      const tokens: Record<string, string> = {};
      for (const s of staff) tokens[s.id] = await provisionStaff(db, s, tokenLifetimeMs);
      process.stdout.write(JSON.stringify({ tokens }) + '\n');
    } finally {
      await db.close();
    }
    return;
  }
  if (positionals.length > 0) throw new Error(`unknown command ${positionals[0]}; the commands are provision and tokens`);

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port ${values.port}: not a port number`);
  const retention = values['feed-retention-ms'] === undefined ? undefined : Number(values['feed-retention-ms']);
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 0)) throw new Error('--feed-retention-ms: a whole number of milliseconds');
  const staff = (values.provision ?? []).map(parseStaffSpec);
  // The rulebook JSON files are read from disk (the shipped resources/rulebook/ by default).
  const rulebooks = readRulebookDir(values['rulebook-dir'] ?? SHIPPED_RULEBOOK_DIR);

  const checkpointMs = values['audit-checkpoint-ms'] === undefined ? undefined : Number(values['audit-checkpoint-ms']);
  if (checkpointMs !== undefined && !(Number.isInteger(checkpointMs) && checkpointMs > 0 && checkpointMs <= 60_000)) throw new Error('--audit-checkpoint-ms: a whole number of milliseconds, more than 0 and at most 60000 (a checkpoint at least every minute)');
  const svc = await startCaseService({
    audit: { ...auditKeySource(values['audit-key-file'], databaseUrl, dataDir), ...(values['audit-origin'] ? { origin: values['audit-origin'] } : {}), ...(checkpointMs !== undefined ? { checkpointMs } : {}) },
    rulebooks,
    ...(values['rulebook-version'] ? { currentRulebookVersion: values['rulebook-version'] } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(dataDir ? { pgliteDataDir: dataDir } : {}),
    host: values.host,
    port,
    tokenLifetimeMs,
    ...(retention !== undefined ? { feedRetention: retention } : {}),
  });
  const tokens: Record<string, string> = {};
  for (const s of staff) tokens[s.id] = await svc.provisionStaff(s);
  process.stdout.write(JSON.stringify({ url: svc.url, ...(staff.length ? { tokens } : {}) }) + '\n');

  const compaction = retention === undefined ? undefined : setInterval(() => void svc.compactFeed().catch((e: unknown) => console.error('feed compaction failed', e)), COMPACT_EVERY_MS);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (compaction) clearInterval(compaction);
    await svc.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`case service: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
