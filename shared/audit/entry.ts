/**
 * An audit log entry's canonical bytes (docs/audit-log.md): the JSON object {seq, prev, at,
 * actor, action, caseId, payload} in RFC 8785 form. The service hashes these bytes when it
 * appends, the console when it replicates and exports, the verifier when it reads a file.
 */
import { canonicalBytes } from './canonical';

export interface AuditEntryFields {
  seq: number;
  /** The leaf hash of entry seq − 1, 64 lowercase hex digits (GENESIS_PREV for entry 1). */
  prev: string;
  at: number;
  actor: { id: string; name: string };
  action: string;
  caseId: string | null;
  payload: Record<string, unknown>;
}

export function auditEntryBytes(e: AuditEntryFields): Uint8Array {
  return canonicalBytes({ seq: e.seq, prev: e.prev, at: e.at, actor: { id: e.actor.id, name: e.actor.name }, action: e.action, caseId: e.caseId, payload: e.payload });
}
