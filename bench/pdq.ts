/**
 * Phase "pdq" (needs no case service): PDQ hashing throughput against sharp's decode and resize
 * of the same photos alone (the floor), and lookups among 1,000,000 hashes at distance 31 by the
 * multi-index hash index against a linear scan in the same run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PDQ_DECODE_MAX_SIDE } from '../shared/evidence/pdq-decode';
import { PDQ_WORDS } from '../shared/evidence/pdq-hash256';
import { PdqIndex, byDistanceThenPosition, scanWithin } from '../shared/evidence/pdq-index';
import { PDQ_DECODER, hashEvidenceImage } from '../server/evidence-hash';
import { PDQ_REFERENCE_DIR } from '../test-support/pdq-reference';
import { distribution, now, round, type Distribution } from './stats';

export const PDQ_RATIO_TARGET = 0.7;
export const LOOKUP_P95_TARGET_MS = 5;
export const LOOKUP_SPEEDUP_TARGET = 5;

export interface PdqReport {
  decoder: string;
  hashing: { photos: number; rounds: number; pdqPerSec: number; floorPerSec: number; ratio: number; pdqCpuMsPerPhoto: number; floorCpuMsPerPhoto: number; cpuRatio: number };
  lookup: { hashes: number; clustered: number; queries: number; distance: number; buildMs: number; memoryMiB: number; index: Distribution; scan: Distribution; speedupP50: number; identical: boolean; meanMatches: number };
}

function photoFiles(): string[] {
  const root = join(PDQ_REFERENCE_DIR, 'images');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).map((f) => join(root, d.name, f)));
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The floor: what any hash of these photos must pay — decode, orientation, shrink to 512, raw pixels. */
async function decodeOnly(file: string): Promise<void> {
  await sharp(file).autoOrient().resize(PDQ_DECODE_MAX_SIDE, PDQ_DECODE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).removeAlpha().raw().toBuffer();
}

async function benchHashing(rounds: number, log: (line: string) => void): Promise<PdqReport['hashing']> {
  const files = photoFiles();
  for (const f of files) await hashEvidenceImage(f); // warm-up: file cache, JIT
  let pdqMs = 0;
  let floorMs = 0;
  let pdqCpu = 0;
  let floorCpu = 0;
  // Alternate the two, round by round, so that a busy spell of a shared machine falls on both.
  for (let r = 0; r < rounds; r++) {
    let t = now();
    let c = cpuMs();
    for (const f of files) await decodeOnly(f);
    floorMs += now() - t;
    floorCpu += cpuMs() - c;
    t = now();
    c = cpuMs();
    for (const f of files) await hashEvidenceImage(f);
    pdqMs += now() - t;
    pdqCpu += cpuMs() - c;
  }
  const n = files.length * rounds;
  const pdqPerSec = (n / pdqMs) * 1000;
  const floorPerSec = (n / floorMs) * 1000;
  log(`  hashing: ${round(pdqPerSec, 1)} photos/s, decode + resize alone ${round(floorPerSec, 1)}/s`);
  return {
    photos: files.length,
    rounds,
    pdqPerSec: round(pdqPerSec, 1),
    floorPerSec: round(floorPerSec, 1),
    ratio: round(pdqPerSec / floorPerSec),
    pdqCpuMsPerPhoto: round(pdqCpu / n),
    floorCpuMsPerPhoto: round(floorCpu / n),
    cpuRatio: round(floorCpu / pdqCpu),
  };
}

/** xorshift32: the same hashes every run. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function flipBits(hashes: Uint32Array, at: number, count: number, next: () => number): void {
  for (let f = 0; f < count; f++) {
    const bit = next() % 256;
    hashes[at * PDQ_WORDS + (bit >> 5)] = ((hashes[at * PDQ_WORDS + (bit >> 5)] as number) ^ (1 << (bit & 31))) >>> 0;
  }
}

/** Random hashes, with one in ten in clusters of 50 near-duplicates (0–40 bits from their seed): reused photos. */
function realisticHashes(n: number, next: () => number): { packed: Uint32Array; clustered: number } {
  const packed = new Uint32Array(n * PDQ_WORDS);
  for (let i = 0; i < packed.length; i++) packed[i] = next();
  const clusterSize = 50;
  const clustered = Math.floor(n / 10 / clusterSize) * clusterSize;
  for (let i = 0; i < clustered; i++) {
    const seedAt = (i - (i % clusterSize)) * 10;
    const at = i * 10 + 1;
    if (at >= n) break;
    packed.copyWithin(at * PDQ_WORDS, seedAt * PDQ_WORDS, (seedAt + 1) * PDQ_WORDS);
    flipBits(packed, at, next() % 41, next);
  }
  return { packed, clustered };
}

async function benchLookup(hashes: number, queries: number, log: (line: string) => void): Promise<PdqReport['lookup']> {
  const distance = 31;
  const next = generator(16);
  const { packed, clustered } = realisticHashes(hashes, next);
  const index = new PdqIndex();
  const t0 = now();
  index.addPacked(packed);
  const buildMs = now() - t0;
  log(`  index of ${hashes.toLocaleString('en')} hashes built in ${round(buildMs)} ms, ${round(index.memoryBytes / 2 ** 20, 1)} MiB`);
  const indexMs: number[] = [];
  const scanMs: number[] = [];
  let identical = true;
  let matches = 0;
  for (let q = 0; q < queries; q++) {
    // Half the queries are new copies of clustered photos (they match many), half of random ones.
    const at = q % 2 ? (next() % (clustered || 1)) * 10 + 1 : next() % hashes;
    const query = packed.slice(at * PDQ_WORDS, (at + 1) * PDQ_WORDS);
    const copy = new Uint32Array(query);
    flipBits(copy, 0, next() % 20, next);
    let t = now();
    const found = index.within(copy, distance);
    indexMs.push(now() - t);
    t = now();
    const scanned = scanWithin(packed, hashes, copy, distance).sort(byDistanceThenPosition);
    scanMs.push(now() - t);
    matches += found.length;
    if (found.length !== scanned.length || found.some((m, i) => m.position !== scanned[i]?.position || m.distance !== scanned[i]?.distance)) identical = false;
    await new Promise((r) => setImmediate(r));
  }
  const index_ = distribution(indexMs);
  const scan = distribution(scanMs);
  log(`  lookup at ${distance}: index p50 ${index_.p50} ms p95 ${index_.p95} ms; scan p50 ${scan.p50} ms p95 ${scan.p95} ms; identical ${identical}`);
  return { hashes, clustered, queries, distance, buildMs: Math.round(buildMs), memoryMiB: round(index.memoryBytes / 2 ** 20, 1), index: index_, scan, speedupP50: round(scan.p50 / index_.p50, 1), identical, meanMatches: round(matches / queries, 1) };
}

export async function benchPdq(opts: { rounds: number; hashes: number; queries: number; log: (line: string) => void }): Promise<PdqReport> {
  const hashing = await benchHashing(opts.rounds, opts.log);
  const lookup = await benchLookup(opts.hashes, opts.queries, opts.log);
  return { decoder: PDQ_DECODER, hashing, lookup };
}
