/**
 * The audit log from the command line, without the console UI and without a network
 * (docs/audit-log.md):
 *
 *   npm run audit -- verify <file> [--key <verifier key>] [--reference <console database>]
 *     checks an export file and prints a JSON verdict (entries and checkpoints checked, the first
 *     bad entry or checkpoint with the reason); with a reference (a console's verified replica)
 *     an edit whose hashes were recomputed is named at its entry, and a file that differs from
 *     the reference at a size both hold is a fork. Exits 1 when the file does not verify.
 *   npm run audit -- export --from <console database> [--since <date>] [--until <date>] --out <file>
 *     writes the console's verified replica, or a period of it, as the export file the UI writes.
 *
 * Exits 2 when the command is wrong.
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { verifyExportFile } from '../electron/core/audit/export-file';
import { AuditExportError, exportReplica } from '../electron/core/audit/export-replica';
import { verdictWithReference } from '../electron/core/audit/reference';
import { pinnedAuditKey } from '../electron/core/audit/replica';

const USAGE = `usage: npm run audit -- verify <file> [--key <verifier key name+hash+base64>] [--reference <console database>]
       npm run audit -- export --from <console database> [--since <date>] [--until <date>] --out <file>

verify: without --key the reference's pinned key is used, else the file's own key, and the
verdict says so ("source": "file"): a file can claim any key, so compare its fingerprint with
the one your organisation publishes, or pin it.
export: dates are ISO 8601 (2026-12-01 or 2026-12-01T08:00:00Z); --until 2026-12-07 means up to
the end of that day (UTC).`;

class UsageError extends Error {}

function parseDate(name: string, text: string | undefined, endOfDay: boolean): number | null {
  if (text === undefined) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00.000Z` : text);
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} ${JSON.stringify(text)} is not an ISO 8601 date or time`);
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function openReadonly(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new UsageError(`cannot open the console database ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        key: { type: 'string' }, reference: { type: 'string' }, from: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  const [command, file, ...extra] = parsed.positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (command === 'verify' && file && extra.length === 0) {
      const reference = values.reference ? openReadonly(values.reference) : null;
      try {
        const key = values.key ?? (reference ? pinnedAuditKey(reference) ?? undefined : undefined);
        const verdict = await verifyExportFile(file, key);
        const out = reference ? await verdictWithReference(verdict, file, reference) : verdict;
        console.log(JSON.stringify(out, null, 2));
        return out.ok ? 0 : 1;
      } finally {
        reference?.close();
      }
    }
    if (command === 'export' && !file && values.from && values.out) {
      const db = openReadonly(values.from);
      try {
        const summary = await exportReplica(db, values.out, { since: parseDate('since', values.since, false), until: parseDate('until', values.until, true) }, Date.now());
        console.log(JSON.stringify(summary, null, 2));
        return 0;
      } finally {
        db.close();
      }
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AuditExportError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
