/**
 * A refund dispute with real evidence, ingested through the platform account: the buyer's
 * photos (one "damage" photo whose EXIF time precedes delivery, one taken after sign-off), the
 * merchant's photo of what came back, and the buyer's unboxing clip.
 */
import sharp from 'sharp';
import { CaseInput, type EvidenceRef } from '../../shared/domain';
import { routes } from '../../shared/sync/protocol';
import { makeCaseInput } from '../../electron/core/testing/fixtures';
import { loadDemoClips } from '../../resources/demo/evidence';
import type { TestService } from './service';

export interface EvidenceDispute {
  caseId: string;
  deliveredAt: number;
  early: EvidenceRef;
  later: EvidenceRef;
  merchant: EvidenceRef;
  clip: EvidenceRef;
}

/** EXIF wall clock of `utcMs` in China time. */
const chinaClock = (utcMs: number) => new Date(utcMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', ':');

/** A drawn photo (a parcel with a crack), so zoom and rotation have something to show. */
async function photo(label: string, hue: number, exif: Record<string, Record<string, string>>, size = { width: 1600, height: 1200 }): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">
    <rect width="100%" height="100%" fill="hsl(${hue},35%,80%)"/>
    <rect x="${size.width * 0.25}" y="${size.height * 0.25}" width="${size.width * 0.5}" height="${size.height * 0.4}" fill="hsl(${hue},40%,45%)"/>
    <path d="M ${size.width * 0.35} ${size.height * 0.3} L ${size.width * 0.5} ${size.height * 0.45} L ${size.width * 0.42} ${size.height * 0.6}" stroke="#111" stroke-width="8" fill="none"/>
    <text x="40" y="${size.height - 60}" font-size="64" font-family="sans-serif" fill="#123">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).withExif(exif).toBuffer();
}

async function upload(service: TestService, bytes: Buffer, mediaType: EvidenceRef['mediaType'], party: EvidenceRef['party'], caption: string): Promise<EvidenceRef> {
  const res = await fetch(service.url + routes.evidence, { method: 'POST', headers: { authorization: `Bearer ${service.token('platform')}`, 'content-type': mediaType }, body: new Uint8Array(bytes) });
  if (!res.ok) throw new Error(`uploading ${caption}: HTTP ${res.status} ${await res.text()}`);
  const { sha256 } = (await res.json()) as { sha256: string };
  return { sha256, mediaType, party, caption, bytes: bytes.length };
}

export async function ingestEvidenceDispute(service: TestService, n = 1): Promise<EvidenceDispute> {
  const base = makeCaseInput(n, { kind: 'refund_dispute', status: 'open' }, 16);
  if (base.kind !== 'refund_dispute') throw new Error('the fixture made no refund dispute');
  const order = base.detail.order;
  const deliveredAt = order.deliveredAt ?? order.paidAt;
  const signedAt = order.signedAt ?? deliveredAt;
  const early = await upload(service, await photo('破损 1', 20, { IFD0: { Make: 'HUAWEI' }, IFD2: { DateTimeOriginal: chinaClock(deliveredAt - 2 * 86_400_000), OffsetTimeOriginal: '+08:00' } }), 'image/jpeg', 'buyer', '收到时外壳破损');
  const later = await upload(service, await photo('破损 2', 30, { IFD0: { Software: 'Snapseed 2.21' }, IFD2: { DateTimeOriginal: chinaClock(signedAt + 3_600_000) } }), 'image/jpeg', 'buyer', '破损细节');
  const merchant = await upload(service, await photo('退回', 200, { IFD2: { DateTimeOriginal: chinaClock(signedAt + 4 * 86_400_000), OffsetTimeOriginal: '+08:00' } }, { width: 1200, height: 1600 }), 'image/jpeg', 'merchant', '退回商品开箱');
  const clipFile = loadDemoClips()[0];
  if (!clipFile) throw new Error('no demo clip');
  const clip = await upload(service, clipFile.bytes, 'video/webm', 'buyer', clipFile.caption);
  const dispute = CaseInput.parse({
    ...base,
    createdAt: signedAt + 5 * 86_400_000,
    updatedAt: signedAt + 5 * 86_400_000,
    slaDueAt: Date.now() + 86_400_000,
    evidence: [early, later, clip, merchant],
    detail: {
      ...base.detail,
      order: {
        ...order,
        logistics: [
          { at: order.paidAt + 3_600_000, event: '【杭州】顺丰 已揽收', stage: 'shipped', weightGrams: 1180 },
          { at: deliveredAt, event: '快递员正在派件', stage: 'out_for_delivery' },
          { at: signedAt, event: '已签收，签收人：本人', stage: 'signed' },
          { at: signedAt + 2 * 86_400_000, event: '买家已寄回', stage: 'return_shipped' },
          { at: signedAt + 4 * 86_400_000, event: '退货已签收，签收人：商家仓库', stage: 'return_received', weightGrams: 410 },
        ],
        returnWeightGrams: 410,
      },
      chat: [
        { at: signedAt + 2 * 3_600_000, from: 'buyer', text: '收到就是碎的，照片发你了。' },
        { at: signedAt + 3 * 3_600_000, from: 'merchant', text: '发货前检查过是好的，请提供开箱视频。' },
      ],
    },
  });
  const res = await fetch(service.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${service.token('platform')}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: [dispute] }),
  });
  if (res.status !== 200) throw new Error(`ingesting the dispute: HTTP ${res.status} ${await res.text()}`);
  return { caseId: dispute.id, deliveredAt, early, later, merchant, clip };
}
