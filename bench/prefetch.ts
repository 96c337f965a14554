/**
 * Phase "prefetch" (starts its own case service on PGlite): the console fetching the evidence
 * of checked-out cases — 1,000 distinct photos by default, downloaded, checked against their
 * sha256, written owner-only and thumbnailed with sharp — against a plain download of the same
 * bytes from the same service in the same run (same parallelism, bodies read and dropped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openConsole } from '../electron/core/console';
import { PREFETCH_PARALLEL } from '../electron/core/evidence-prefetch';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { CaseInput, type EvidenceRef } from '../shared/domain';
import { MAX_OFFLINE_CHECKOUT, routes } from '../shared/sync/protocol';
import { startCaseService } from '../server/service';
import { now, round } from './stats';

export interface PrefetchReport {
  photos: number;
  cases: number;
  megabytes: number;
  /** The console's checkout: claims, then downloads, checks, stores and thumbnails every photo. */
  consoleSeconds: number;
  consolePhotosPerSec: number;
  /** The same bytes, the same service, `PREFETCH_PARALLEL` at a time, bodies read and dropped. */
  plainSeconds: number;
  plainPhotosPerSec: number;
  /** Console rate ÷ plain download rate. */
  ratio: number;
  fetched: number;
  failed: number;
}

const PER_CASE = 10;

/** A photo-like JPEG: mild noise over a gradient, 1024×768, so it compresses like a shrunk phone photo (~80 KB). */
async function photo(i: number): Promise<Buffer> {
  const w = 1024;
  const h = 768;
  const pixels = Buffer.alloc(w * h * 3);
  let s = (i + 1) * 2_654_435_761;
  for (let p = 0; p < pixels.length; p++) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    pixels[p] = (((p / 3) % w) >> 2) + ((p / (3 * w)) >> 3) + (s >>> 27);
  }
  return sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 75 }).toBuffer();
}

export async function benchPrefetch(opts: { photos: number; log: (line: string) => void }): Promise<PrefetchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-prefetch-'));
  const service = await startCaseService({ pgliteDataDir: join(dir, 'pglite') });
  try {
    const platform = await service.provisionStaff({ id: 'platform', name: 'Platform', role: 'platform' });
    const arbiter = await service.provisionStaff({ id: 'arb-bench', name: 'Bench Arbiter', role: 'arbiter' });
    const refs: EvidenceRef[] = [];
    let bytes = 0;
    for (let i = 0; i < opts.photos; i++) {
      const b = await photo(i);
      const res = await fetch(service.url + routes.evidence, { method: 'POST', headers: { authorization: `Bearer ${platform}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(b) });
      if (!res.ok) throw new Error(`uploading photo ${i}: HTTP ${res.status}`);
      const { sha256 } = (await res.json()) as { sha256: string };
      refs.push({ sha256, mediaType: 'image/jpeg', party: 'buyer', caption: `photo ${i}`, bytes: b.length });
      bytes += b.length;
    }
    const cases = Math.ceil(opts.photos / PER_CASE);
    if (cases > MAX_OFFLINE_CHECKOUT) throw new Error(`${cases} cases is more than one checkout holds (${MAX_OFFLINE_CHECKOUT})`);
    const inputs = Array.from({ length: cases }, (_, c) => {
      const base = makeCaseInput(c + 1, { kind: 'refund_dispute', status: 'open' }, 77);
      return CaseInput.parse({ ...base, slaDueAt: Date.now() + 86_400_000, evidence: refs.slice(c * PER_CASE, (c + 1) * PER_CASE) });
    });
    const ingest = await fetch(service.url + routes.ingestCases, { method: 'POST', headers: { authorization: `Bearer ${platform}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: inputs }) });
    if (!ingest.ok) throw new Error(`ingesting: HTTP ${ingest.status} ${await ingest.text()}`);
    opts.log(`  ${opts.photos} photos (${round(bytes / 1e6)} MB) in ${cases} disputes`);

    // Plain download first, so the service's own caches are as warm for the console as for it.
    const plain = async () => {
      const queue = refs.map((r) => r.sha256);
      const t = now();
      await Promise.all(Array.from({ length: PREFETCH_PARALLEL }, async () => {
        for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
          const res = await fetch(`${service.url}${routes.evidence}/${sha}`, { headers: { authorization: `Bearer ${arbiter}` } });
          await res.arrayBuffer();
        }
      }));
      return (now() - t) / 1000;
    };
    await plain();
    const plainSeconds = await plain();

    const core = await openConsole({ dbPath: join(dir, 'console.sqlite'), serverUrl: service.url, token: arbiter, autoSync: false });
    try {
      const sync = await core.invoke('sync.now', {});
      if (!sync.ok) throw new Error(`sync: ${sync.error.message}`);
      const t = now();
      const r = await core.invoke('checkout.offline', { caseIds: inputs.map((c) => c.id) });
      const consoleSeconds = (now() - t) / 1000;
      if (!r.ok) throw new Error(`checkout: ${r.error.message}`);
      const { fetched, failed } = (r.value as { evidence: { fetched: number; failed: number } }).evidence;
      const report: PrefetchReport = {
        photos: opts.photos, cases, megabytes: round(bytes / 1e6),
        consoleSeconds: round(consoleSeconds), consolePhotosPerSec: round(opts.photos / consoleSeconds),
        plainSeconds: round(plainSeconds), plainPhotosPerSec: round(opts.photos / plainSeconds),
        ratio: round(plainSeconds / consoleSeconds), fetched, failed,
      };
      opts.log(`  console ${report.consoleSeconds} s (${report.consolePhotosPerSec}/s), plain download ${report.plainSeconds} s (${report.plainPhotosPerSec}/s): ratio ${report.ratio}`);
      return report;
    } finally {
      await core.close();
    }
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
