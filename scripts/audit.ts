/**
 * `npm run audit -- verify <file> [--key <verifier key>]`: checks an audit log export without
 * the console and without a network, prints a JSON verdict (entries and checkpoints checked, the
 * first bad entry or checkpoint with the reason), and exits 1 when the file does not verify,
 * 2 when the command is wrong. See docs/audit-export.md.
 */
import { parseArgs } from 'node:util';
import { verifyExportFile } from '../electron/core/audit/export-file';

const USAGE = `usage: npm run audit -- verify <file> [--key <verifier key name+hash+base64>]

Without --key the file's own key is used, and the verdict says so ("source": "file"): a file can
claim any key, so compare its fingerprint with the one your organisation publishes, or pin it.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const [command, file, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'verify' || !file || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const verdict = await verifyExportFile(file, parsed.values.key);
  console.log(JSON.stringify(verdict, null, 2));
  return verdict.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
