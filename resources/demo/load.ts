/**
 * Pushes a demo into a running case service over HTTP, as the platform side would: the video
 * clips, then the cases in ingest batches (the photos planted for reuse flags just before the
 * first), each batch followed by the decisions its merchant complaints contest, then the pool
 * of evidence images (content-addressed). The typical complaints are the first five cases of
 * every set.
 */
import type { CaseInput } from '../../shared/domain';
import { EvidenceStored, IngestCasesResponse, MAX_INGEST_BATCH, routes } from '../../shared/sync/protocol';
import { loadRulebook } from '../rulebook/index';
import { decideContested } from './contested';
import { DEFAULT_POOL_SIZE, generateEvidencePool } from './evidence';
import type { EvidenceClip, EvidenceImage } from './evidence';
import { DEFAULT_SEED, generateCases } from './generate';
import { plantReusedPhotos, type ReusedPhotos } from './reused-photos';

export interface LoadDemoOptions {
  count: number;
  seed?: number;
  now?: number;
  onProgress?: (n: number) => void;
  /** Cases per ingest request, at most MAX_INGEST_BATCH (5,000). */
  batchSize?: number;
  /** Images in the evidence pool (default 240). */
  poolSize?: number;
  /**
   * The token of whoever decided the refunds and fines that merchant complaints contest (never
   * the one who will decide the complaints: their author may not). Without it those decisions
   * are not made, and a complaint's money remedy is refused as naming no decision in effect.
   */
  contestedDecider?: string;
}

async function failure(what: string, res: Response): Promise<Error> {
  const body = (await res.text().catch(() => '')).slice(0, 500);
  return new Error(`${what}: the case service answered ${res.status} ${res.statusText}${body ? `: ${body}` : ''}`);
}

interface UploadedImage {
  sha256: string;
  mediaType: EvidenceImage['mediaType'] | EvidenceClip['mediaType'];
  bytes: Buffer;
  /** Named in an error: the theme, or what the image is. */
  what: string;
}

async function uploadImage(serverUrl: string, token: string, image: UploadedImage): Promise<void> {
  const what = `uploading evidence ${image.sha256} (${image.what})`;
  const res = await fetch(new URL(routes.evidence, serverUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': image.mediaType },
    body: new Uint8Array(image.bytes),
  });
  if (!res.ok) throw await failure(what, res);
  const answer = EvidenceStored.safeParse(await res.json());
  if (!answer.success) throw new Error(`${what}: unexpected answer from the case service`);
  // The service addresses content by its own hash: a different one means the bytes changed on the way.
  if (answer.data.sha256 !== image.sha256) throw new Error(`${what}: the case service stored it as ${answer.data.sha256}`);
}

async function ingest(serverUrl: string, token: string, cases: CaseInput[], sent: number): Promise<void> {
  const what = `ingesting cases ${sent + 1}–${sent + cases.length}`;
  const res = await fetch(new URL(routes.ingestCases, serverUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ cases }),
  });
  if (!res.ok) throw await failure(what, res);
  const answer = IngestCasesResponse.safeParse(await res.json());
  if (!answer.success) throw new Error(`${what}: unexpected answer from the case service`);
  const missing = cases.filter((c) => answer.data.versions[c.id] === undefined);
  if (missing.length > 0) throw new Error(`${what}: the case service did not answer for ${missing.length} case(s), e.g. ${missing[0]?.id}`);
}

export interface LoadedDemo {
  cases: number;
  evidence: number;
  /** Decisions made for the complaints to contest (see `contestedDecider`). */
  contested: number;
  /** Refund disputes sharing one buyer photo (the source first): see reused-photos.ts. */
  reusedPhotoCases: string[];
}

export async function loadDemo(serverUrl: string, platformToken: string, opts: LoadDemoOptions): Promise<LoadedDemo> {
  const batchSize = opts.batchSize ?? MAX_INGEST_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_INGEST_BATCH) {
    throw new Error(`batchSize must be 1..${MAX_INGEST_BATCH}, got ${batchSize}`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  // Photos taken shortly before the demo's now (after every delivery in it), and a few video clips.
  const pool = await generateEvidencePool({ seed, size: opts.poolSize ?? DEFAULT_POOL_SIZE, capturedBefore: opts.now ?? Date.now(), clips: true });
  await uploadAll(serverUrl, platformToken, (pool.clips ?? []).map((c) => ({ ...c, what: c.name })));

  let sent = 0;
  let contested = 0;
  const decider = opts.contestedDecider;
  let batch: CaseInput[] = [];
  let reused: ReusedPhotos | null = null;
  let first = true;
  const send = async () => {
    if (first) {
      // The planted photos go up before the disputes citing them, so the service adds their hashes to those cases.
      first = false;
      reused = await plantReusedPhotos(batch, pool);
      await uploadAll(serverUrl, platformToken, reused?.photos.map((p) => ({ ...p, what: 'a reused photo' })) ?? []);
    }
    await ingest(serverUrl, platformToken, batch, sent);
    if (decider) contested += await decideContested(serverUrl, { platform: platformToken, decider }, batch, loadRulebook());
    sent += batch.length;
    batch = [];
    opts.onProgress?.(sent);
  };
  for (const c of generateCases(opts.count, { seed, now: opts.now, evidence: pool })) {
    batch.push(c);
    if (batch.length === batchSize) await send();
  }
  if (batch.length > 0) await send();
  // The shared pool goes up after the cases: see reused-photos.ts for why its photos carry no hash.
  await uploadAll(serverUrl, platformToken, pool.images.map((i) => ({ ...i, what: i.theme })));
  const planted = reused as ReusedPhotos | null;
  const evidence = pool.images.length + (pool.clips?.length ?? 0) + (planted?.photos.length ?? 0);
  return { cases: sent, evidence, contested, reusedPhotoCases: planted?.caseIds ?? [] };
}

/** A few uploads at a time: the service hashes and stores each; no need to flood it. */
async function uploadAll(serverUrl: string, token: string, images: UploadedImage[]): Promise<void> {
  const queue = [...images];
  const workers = Array.from({ length: 4 }, async () => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      try {
        await uploadImage(serverUrl, token, image);
      } catch (err) {
        queue.length = 0; // stop the other workers: the first failure is the answer
        throw err;
      }
    }
  });
  await Promise.all(workers);
}
