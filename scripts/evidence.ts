/**
 * Evidence commands for platform engineers, without a console:
 * - `npm run evidence -- hash <files…>`: the PDQ hash of image files, for building a known-bad
 *   list or checking a match by hand. Prints one JSON line per file, in order:
 *   {"path","pdq","quality","decoder"}, or {"path","error"} for a file that cannot be read or
 *   decoded; exits 1 if any file failed.
 * - `npm run evidence -- known-bad import <file.csv> --list NAME --server URL`: reads a known-bad
 *   list in HMA's CSV, reports every bad row (exit 1, nothing sent), else replaces the list on
 *   the case service (token from --token-file or DOCKET_TOKEN, a platform account).
 * Exit 2 when the command is wrong.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveToken } from '../electron/core/credentials';
import { parseKnownBadCsv } from '../shared/evidence/known-bad-csv';
import { KnownBadImportResponse, MAX_KNOWN_BAD_IMPORT, routes, ServiceError } from '../shared/sync/protocol';
import { checkServiceAddress } from '../shared/sync/service-address';
import { hashEvidenceImage } from '../server/evidence-hash';

const USAGE = `usage: npm run evidence -- hash <files…>
       npm run evidence -- known-bad import <file.csv> --list NAME --server URL [--token-file F] [--dry-run]

hash: prints one JSON line per file: {"path","pdq" (64 hex digits),"quality" (0–100),"decoder"}.
Two images match at Hamming distance ≤ 31; hashes of quality below 50 are not matched on.

known-bad import: reads a list of known-bad image hashes in the CSV Hasher-Matcher-Actioner
exchanges (a header naming signal_type, signal_value, id, tags; or, without a header,
hash,id,timestamp,tags), reports every bad row by line, and otherwise replaces the list NAME on
the case service, whose ingest then flags matching evidence. The token (a platform account) comes
from --token-file or DOCKET_TOKEN. --dry-run checks the file and sends nothing.`;

async function hashFiles(files: string[]): Promise<number> {
  let failed = 0;
  for (const path of files) {
    try {
      console.log(JSON.stringify({ path, ...(await hashEvidenceImage(path)) }));
    } catch (e) {
      failed++;
      console.log(JSON.stringify({ path, error: e instanceof Error ? e.message : String(e) }));
    }
  }
  if (failed) console.error(`${failed} of ${files.length} file(s) could not be hashed`);
  return failed ? 1 : 0;
}

async function importKnownBad(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { list: { type: 'string' }, server: { type: 'string' }, 'token-file': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || !values.list || (!values['dry-run'] && !values.server)) {
    console.error(USAGE);
    return 2;
  }
  const parsed = parseKnownBadCsv(readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    for (const e of parsed.errors) console.error(`${file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}`);
    console.error(`${parsed.errors.length} problem(s); nothing was imported`);
    return 1;
  }
  if (parsed.entries.length > MAX_KNOWN_BAD_IMPORT) {
    console.error(`${file}: ${parsed.entries.length} entries; a list holds at most ${MAX_KNOWN_BAD_IMPORT}. Nothing was imported`);
    return 1;
  }
  if (values['dry-run']) {
    console.log(JSON.stringify({ list: values.list, entries: parsed.entries.length, skipped: parsed.skipped, dryRun: true }));
    return 0;
  }
  const server = checkServiceAddress(values.server ?? '');
  if (!server.ok) {
    console.error(`--server: ${server.message}`);
    return 2;
  }
  const token = resolveToken({ file: values['token-file'], environment: process.env.DOCKET_TOKEN });
  if (!token) {
    console.error('no token: give --token-file <path> or set DOCKET_TOKEN (a platform account)');
    return 2;
  }
  const res = await fetch(new URL(routes.knownBad, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ list: values.list, entries: parsed.entries }),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ServiceError.safeParse(body);
    console.error(`the case service refused the list (${res.status}): ${err.success ? err.data.message : 'no explanation'}. Nothing was imported`);
    return 1;
  }
  console.log(JSON.stringify({ ...KnownBadImportResponse.parse(body), skipped: parsed.skipped }));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'hash' && rest.length > 0) return hashFiles(rest);
  if (command === 'known-bad' && rest[0] === 'import') return importKnownBad(rest.slice(1));
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
