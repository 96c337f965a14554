/**
 * `npm run evidence -- hash <files…>`: the PDQ hash of image files, for platform engineers
 * building a known-bad list or checking a match by hand, without a console. Prints one JSON
 * line per file, in order: {"path","pdq","quality","decoder"}, or {"path","error"} for a file
 * that cannot be read or decoded; exits 1 if any file failed, 2 when the command is wrong.
 */
import { hashEvidenceImage } from '../server/evidence-hash';

const USAGE = `usage: npm run evidence -- hash <files…>

Prints one JSON line per file: {"path","pdq" (64 hex digits),"quality" (0–100),"decoder"}.
Two images match at Hamming distance ≤ 31; hashes of quality below 50 are not matched on.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...files] = argv;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'hash' || files.length === 0) {
    console.error(USAGE);
    return 2;
  }
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
