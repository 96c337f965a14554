import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseInput } from '../../shared/domain';
import { routes } from '../../shared/sync/protocol';
import { TYPICAL_COMPLAINT_IDS } from './generate';
import { loadDemo } from './load';
import { TEST_NOW } from './test-fixtures';

/** A stand-in for the case service's two ingest endpoints that records what it receives. */
interface Recorded {
  uploads: Array<{ sha256: string; bytes: number; contentType: string | undefined; auth: string | undefined }>;
  batches: Array<{ cases: unknown[]; auth: string | undefined; uploadsBefore: number }>;
}

type Behaviour = { ingestStatus?: (batch: number) => number; wrongHash?: boolean };

let server: Server | null = null;

afterEach(async () => {
  const s = server;
  server = null;
  if (s) await stop(s);
});

/** Close the stand-in now, keep-alive sockets of the loader's fetch included. */
function stop(s: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function startStandIn(behaviour: Behaviour = {}): Promise<{ url: string; recorded: Recorded }> {
  const recorded: Recorded = { uploads: [], batches: [] };
  server = createServer((req, res) => {
    void (async () => {
      const bytes = await body(req);
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.method === 'POST' && req.url === routes.evidence) {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        recorded.uploads.push({ sha256, bytes: bytes.length, contentType: req.headers['content-type'], auth: req.headers.authorization });
        return reply(201, { sha256: behaviour.wrongHash ? '0'.repeat(64) : sha256 });
      }
      if (req.method === 'POST' && req.url === routes.ingestCases) {
        const parsed = JSON.parse(bytes.toString('utf8')) as { cases: Array<{ id: string }> };
        recorded.batches.push({ cases: parsed.cases, auth: req.headers.authorization, uploadsBefore: recorded.uploads.length });
        const status = behaviour.ingestStatus?.(recorded.batches.length) ?? 200;
        if (status !== 200) return reply(status, { error: 'forbidden', message: 'the platform role is required' });
        return reply(200, { upserted: parsed.cases.length, versions: Object.fromEntries(parsed.cases.map((c) => [c.id, 1])) });
      }
      reply(404, { error: 'not_found', message: `${req.method} ${req.url}` });
    })();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, recorded };
}

describe('loadDemo', () => {
  it('uploads the clips and the planted reused photos, the cases in batches, then every pool image as raw bytes', async () => {
    const { url, recorded } = await startStandIn();
    const progress: number[] = [];
    const result = await loadDemo(url, 'platform-token-1', { count: 43, seed: 3, now: TEST_NOW, batchSize: 20, poolSize: 24, onProgress: (n) => progress.push(n) });

    // 24 pool photos and screenshots, 3 video clips, 3 planted reused photos.
    expect(result).toEqual({ cases: 43, evidence: 30, contested: 0, reusedPhotoCases: [expect.any(String), expect.any(String), expect.any(String)] });
    expect(recorded.uploads).toHaveLength(30);
    for (const u of recorded.uploads) {
      expect(u.auth).toBe('Bearer platform-token-1');
      expect(['image/jpeg', 'image/png', 'video/webm']).toContain(u.contentType);
      expect(u.bytes).toBeGreaterThan(2_000);
    }
    expect(recorded.uploads.slice(0, 3).map((u) => u.contentType)).toEqual(['video/webm', 'video/webm', 'video/webm']);
    expect(recorded.batches.map((b) => b.cases.length)).toEqual([20, 20, 3]);
    expect(progress).toEqual([20, 40, 43]);
    // The clips and the planted photos before the cases citing them (the service hashes the photos for those cases); the pool after all cases.
    expect(recorded.batches.map((b) => b.uploadsBefore)).toEqual([6, 6, 6]);
    expect(recorded.batches.every((b) => b.auth === 'Bearer platform-token-1')).toBe(true);

    const cases = recorded.batches.flatMap((b) => b.cases).map((c) => CaseInput.parse(c));
    expect(cases.slice(0, 5).map((c) => c.id)).toEqual([...TYPICAL_COMPLAINT_IDS]);
    const uploaded = new Map(recorded.uploads.map((u) => [u.sha256, u]));
    for (const ref of cases.flatMap((c) => c.evidence)) {
      expect(uploaded.get(ref.sha256)?.bytes).toBe(ref.bytes);
      expect(uploaded.get(ref.sha256)?.contentType).toBe(ref.mediaType);
    }
    // The reusing disputes each cite one of the planted photos, uploaded first; each has its own buyer and merchant.
    const planted = new Set(recorded.uploads.slice(3, 6).map((u) => u.sha256));
    const reusing = result.reusedPhotoCases.map((id) => cases.find((c) => c.id === id));
    expect(reusing.map((c) => c?.evidence.filter((e) => planted.has(e.sha256)).length)).toEqual([1, 1, 1]);
    expect(new Set(reusing.map((c) => c?.buyer?.id)).size).toBe(3);
    expect(new Set(reusing.map((c) => c?.merchant.id)).size).toBe(3);
  });

  it('sends the same demo for the same seed and clock', async () => {
    const first = await startStandIn();
    await loadDemo(first.url, 't', { count: 12, seed: 8, now: TEST_NOW, poolSize: 24 });
    if (server) await stop(server);
    const second = await startStandIn();
    await loadDemo(second.url, 't', { count: 12, seed: 8, now: TEST_NOW, poolSize: 24 });
    expect(second.recorded.batches.map((b) => b.cases)).toEqual(first.recorded.batches.map((b) => b.cases));
    expect(new Set(second.recorded.uploads.map((u) => u.sha256))).toEqual(new Set(first.recorded.uploads.map((u) => u.sha256)));
  });

  it('stops with a clear error on a non-2xx answer, naming the status and the service’s message', async () => {
    const { url, recorded } = await startStandIn({ ingestStatus: (n) => (n === 2 ? 403 : 200) });
    await expect(loadDemo(url, 'moderator-token', { count: 30, seed: 1, now: TEST_NOW, batchSize: 10, poolSize: 24 }))
      .rejects.toThrow(/ingesting cases 11–20: the case service answered 403.*platform role is required/);
    expect(recorded.batches).toHaveLength(2);
  });

  it('refuses to go on when the service stores an image under another hash', async () => {
    const { url, recorded } = await startStandIn({ wrongHash: true });
    await expect(loadDemo(url, 't', { count: 30, now: TEST_NOW, poolSize: 24 })).rejects.toThrow(/stored it as 0{64}/);
    // The first upload is a planted photo, before any case.
    expect(recorded.batches).toHaveLength(0);
  });

  it('rejects a batch size above the ingest limit before sending anything', async () => {
    const { url, recorded } = await startStandIn();
    await expect(loadDemo(url, 't', { count: 5, batchSize: 5_001 })).rejects.toThrow(/batchSize/);
    expect(recorded.uploads).toHaveLength(0);
  });
});
