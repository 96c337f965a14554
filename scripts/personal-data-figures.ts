/**
 * Prints the masker's precision and recall on the generated corpus (the figures in the
 * README's "Personal data" section).
 *   npx tsx scripts/personal-data-figures.ts [--seed N] [--lines N]
 */
import { parseArgs } from 'node:util';
import { generateCorpus, measureMasking } from '../resources/demo/personal-data-corpus';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '20261207' }, lines: { type: 'string', default: '20000' } } });
const seed = Number(values.seed);
const lines = Number(values.lines);
if (!Number.isInteger(seed) || !Number.isInteger(lines) || lines < 1) {
  console.error('--seed and --lines are whole numbers (lines at least 1)');
  process.exit(2);
}
const f = measureMasking(generateCorpus(seed, lines));
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
console.log(`${f.lines} generated lines (seed ${seed})`);
console.log('kind        planted  masked   recall   found  false alarms  precision');
for (const [kind, k] of Object.entries(f.byKind)) {
  const precision = k.found === 0 ? 1 : (k.found - k.falsePositives) / k.found;
  console.log(`${kind.padEnd(11)} ${String(k.planted).padStart(7)} ${String(k.masked).padStart(7)} ${pct(k.masked / k.planted).padStart(8)} ${String(k.found).padStart(7)} ${String(k.falsePositives).padStart(13)} ${pct(precision).padStart(10)}`);
}
console.log(`overall: precision ${pct(f.precision)}, recall ${pct(f.recall)}`);
if (f.misses.length > 0) console.log(`\nmissed, e.g.:\n  ${f.misses.slice(0, 5).join('\n  ')}`);
if (f.falseAlarms.length > 0) console.log(`\nfalse alarms, e.g.:\n  ${f.falseAlarms.slice(0, 5).join('\n  ')}`);
