/**
 * The PDQ reference data (`shared/pdq-reference/` of the workplace: images and the hashes Meta's
 * implementations give), laid beside the repository as `../shared/pdq-reference` — in a
 * checkout and in CI. A git worktree elsewhere finds it beside its main checkout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function findReferenceDir(): string {
  const beside = join(ROOT, '..', 'shared', 'pdq-reference');
  if (existsSync(beside)) return beside;
  try {
    const commonGitDir = resolve(ROOT, execFileSync('git', ['rev-parse', '--git-common-dir'], { cwd: ROOT, encoding: 'utf8' }).trim());
    const besideMain = join(dirname(commonGitDir), '..', 'shared', 'pdq-reference');
    if (existsSync(besideMain)) return besideMain;
  } catch {
    // Not a git checkout: only the first place counts.
  }
  throw new Error(`PDQ reference data not found at ${beside} (shared/ is laid beside the repository)`);
}

export const PDQ_REFERENCE_DIR = findReferenceDir();

export interface ReferenceImage {
  /** Path inside images/, e.g. "bridge-mods/aaa-orig.jpg". */
  image: string;
  path: string;
  pdq: string;
}

export function referenceImages(): ReferenceImage[] {
  const lines = readFileSync(join(PDQ_REFERENCE_DIR, 'expected.csv'), 'utf8').trim().split('\n');
  if (lines[0] !== 'image,pdq_hex,source_of_expected_hash') throw new Error(`expected.csv: unexpected header ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const [image = '', pdq = ''] = line.split(',');
    return { image, path: join(PDQ_REFERENCE_DIR, 'images', image), pdq };
  });
}
