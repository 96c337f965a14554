/** The audit channels of the console API (supervisors): confirm the signing key, export, verify. */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffMember } from '../../../shared/domain';
import { ConsoleError } from '../errors';
import type { HandlerContext, Handlers } from '../handlers';
import { verifyExportFile } from './export-file';
import { AuditExportError, exportReplica } from './export-replica';
import { verdictWithReference } from './reference';
import { pinnedAuditKey } from './replica';

type AuditHandlers = Pick<Handlers, 'audit.confirmKey' | 'audit.export' | 'audit.verify'>;

export function auditHandlers(ctx: HandlerContext, staff: () => StaffMember): AuditHandlers {
  const supervisor = (channel: string) => {
    const s = staff();
    if (s.role !== 'supervisor') throw new ConsoleError('forbidden', `${channel}: the audit log is for supervisors, not a ${s.role}`);
  };
  const exported = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (e instanceof AuditExportError) throw new ConsoleError('not_found', e.message);
      throw e;
    }
  };
  return {
    'audit.confirmKey': async ({ key, fingerprint }) => {
      supervisor('audit.confirmKey');
      try {
        return { pinnedKey: ctx.engine.audit.confirm(key, fingerprint) };
      } catch (e) {
        throw new ConsoleError('invalid_input', e instanceof Error ? e.message : String(e));
      }
    },

    'audit.export': async ({ since, until }) => {
      supervisor('audit.export');
      mkdirSync(ctx.exportsDir, { recursive: true, mode: 0o700 });
      const file = join(ctx.exportsDir, `audit-log-${new Date(ctx.now()).toISOString().replace(/[:.]/g, '-')}.ndjson`);
      const s = await exported(() => exportReplica(ctx.db, file, { since, until }, ctx.now()));
      return { file: s.file, entries: s.entries, checkpoints: s.checkpoints, keyFingerprint: s.keyFingerprint };
    },

    'audit.verify': async ({ file }) => {
      supervisor('audit.verify');
      const key = pinnedAuditKey(ctx.db);
      if (!key) throw new ConsoleError('not_found', 'audit.verify: this console has pinned no audit signing key to verify with');
      if (file !== null) return verdictWithReference(await verifyExportFile(file, key), file, ctx.db);
      // The replica itself: exported whole to a private temporary file, verified as any file is.
      const dir = await mkdtemp(join(tmpdir(), 'docket-audit-verify-'));
      try {
        const path = join(dir, 'replica.ndjson');
        await exported(() => exportReplica(ctx.db, path, { since: null, until: null }, ctx.now()));
        return await verifyExportFile(path, key);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
