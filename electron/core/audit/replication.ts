/**
 * The audit log as one more thing a supervisor's sync cycle pulls (engine.ts): with the pinned
 * key, replicate and verify (replicate.ts); with none, fetch the key the service states so the
 * supervisor can confirm it (`audit.confirmKey`). A configured key is pinned as given.
 */
import { parseVerifierKey } from '../../../shared/audit';
import type { AuditReplicaStatus } from '../../../shared/api';
import type { WritableDB } from '../db/handles';
import { OfflineError, type ServiceClient } from '../sync/service';
import { nodeSha256 } from './node-crypto';
import { lastCheckpoint, pinAuditKey, pinnedAuditKey } from './replica';
import { AuditVerificationError, replicateAudit } from './replicate';

export class AuditReplication {
  private keyToConfirm: AuditReplicaStatus['keyToConfirm'] = null;
  private error: string | null = null;

  constructor(
    private readonly db: WritableDB,
    private readonly client: ServiceClient,
    private readonly opts: { now: () => number; configuredKey?: string },
  ) {
    // A configured key is checked at once: a typo stops the console, not the first sync.
    if (opts.configuredKey !== undefined) parseVerifierKey(nodeSha256, opts.configuredKey);
  }

  status(): AuditReplicaStatus {
    const cp = lastCheckpoint(this.db);
    return {
      pinnedKey: pinnedAuditKey(this.db),
      keyToConfirm: this.keyToConfirm,
      entries: cp?.size ?? 0,
      lastCheckpoint: cp ? { size: cp.size, signedAt: cp.signedAt } : null,
      error: this.error,
    };
  }

  /** Pins the key the supervisor saw; refused unless it is the one shown. */
  confirm(key: string, fingerprint: string): string {
    const shown = this.keyToConfirm;
    if (!shown || shown.key !== key || shown.fingerprint !== fingerprint) {
      throw new Error('audit.confirmKey: this is not the key shown for confirmation; sync again and compare the fingerprint shown');
    }
    parseVerifierKey(nodeSha256, key);
    pinAuditKey(this.db, key);
    this.keyToConfirm = null;
    return key;
  }

  /** One replication step of a sync cycle; a verification failure goes into `errors` and the status. */
  /**
   * One replication step of a sync cycle. Its failures go after the partitions' (`errors` is
   * the cycle's list, first shown first): the cases a reviewer works on come before the log.
   * Only "offline" ends the cycle.
   */
  async cycle(errors: string[]): Promise<void> {
    try {
      const configured = this.opts.configuredKey;
      if (configured !== undefined && pinnedAuditKey(this.db) !== configured) pinAuditKey(this.db, configured);
      const key = pinnedAuditKey(this.db);
      if (!key) {
        this.keyToConfirm = await this.client.auditKeyClaim();
        return;
      }
      this.keyToConfirm = null;
      await replicateAudit(this.db, this.client, { key, now: this.opts.now });
      this.error = null;
    } catch (e) {
      if (e instanceof OfflineError) throw e;
      this.error = e instanceof AuditVerificationError ? e.message : `replicating the audit log: ${e instanceof Error ? e.message : String(e)}`;
      errors.push(this.error);
    }
  }
}
