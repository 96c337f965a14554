/**
 * Valid cases of every kind for tests (unit and integration), deterministic from a seed so a
 * failing test can be replayed. Not shipped code: only tests and local measurements import it.
 */
import { randomUUID } from 'node:crypto';
import {
  CASE_KINDS, CASE_STATUSES, PRODUCT_CATEGORIES, REGIONS, SEVERITIES,
  type Case, type CaseInput, type CaseKind, type CaseStatus, type Order,
} from '../../../shared/domain';

/** A small deterministic PRNG (mulberry32): tests must be reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const T0 = Date.UTC(2026, 0, 1);
const HASH = 'a'.repeat(64);

function order(r: () => number, id: string): Order {
  const paidAt = T0 + int(r, 0, 300) * 86_400_000;
  return {
    id: `O-${id}`,
    productTitle: 'Trail running shoes, size 42',
    category: pick(r, PRODUCT_CATEGORIES),
    amountPaidFen: int(r, 100, 500_000),
    paidAt,
    deliveredAt: paidAt + 2 * 86_400_000,
    signedAt: paidAt + 3 * 86_400_000,
    guarantees: ['seven_day_no_reason', 'shipping_insurance'],
    logistics: [{ at: paidAt + 86_400_000, event: 'picked up by courier' }, { at: paidAt + 2 * 86_400_000, event: 'delivered' }],
    returnWeightGrams: null,
  };
}

export interface CaseOptions {
  kind?: CaseKind;
  status?: CaseStatus;
  merchantId?: string;
  buyerId?: string | null;
  version?: number;
}

/** One valid case; `n` makes the id and drives the pseudo-random flat fields. */
export function makeCase(n: number, opts: CaseOptions = {}, seed = 1): Case {
  const r = rng(seed * 1_000_003 + n);
  const kind = opts.kind ?? pick(r, CASE_KINDS);
  const id = `C${String(n).padStart(8, '0')}`;
  const createdAt = T0 + int(r, 0, 300) * 86_400_000 + int(r, 0, 86_399_999);
  const buyerId = opts.buyerId === undefined ? `B${int(r, 1, 5000)}` : opts.buyerId;
  const base = {
    id,
    version: opts.version ?? 1,
    status: opts.status ?? pick(r, CASE_STATUSES),
    priority: int(r, 1, 5),
    createdAt,
    updatedAt: createdAt + int(r, 0, 10) * 3_600_000,
    slaDueAt: createdAt + int(r, 1, 96) * 3_600_000,
    category: pick(r, PRODUCT_CATEGORIES),
    region: pick(r, REGIONS),
    title: `Case ${id}: buyer says the item differs from the live-stream claim`,
    amountFen: int(r, 0, 2_000_000),
    merchant: {
      id: opts.merchantId ?? `M${int(r, 1, 2000)}`,
      name: 'Hangzhou Breeze Apparel Store',
      region: pick(r, REGIONS),
      depositFen: 200_000,
      openedAt: T0 - 400 * 86_400_000,
      priorViolations: int(r, 0, 5),
    },
    buyer: buyerId === null ? null : { id: buyerId, nickname: 'lucky_cat', phoneMasked: '138****1234', priorDisputes: int(r, 0, 3), flaggedMalicious: false },
    evidence: [{ sha256: HASH, mediaType: 'image/jpeg' as const, party: 'buyer' as const, caption: 'photo of the sole', bytes: 123_456 }],
    history: [{ at: createdAt, actor: 'system', event: 'created', detail: 'case opened from a buyer request' }],
    lastDecision: null,
  };
  switch (kind) {
    case 'violation':
      return {
        ...base, kind, detail: {
          subject: { type: 'live_room', id: `L${n}`, title: 'Evening fashion live' },
          violationCategory: 'false_advertising', severity: pick(r, SEVERITIES), source: 'automated', modelScore: 0.87,
          creator: { id: `CR${n % 300}`, name: 'Host Xiaomei', followers: int(r, 0, 2_000_000) }, harm: false,
          claim: 'Claimed the jacket is 100% down; the label says 60%.',
        },
      };
    case 'refund_dispute':
      return {
        ...base, kind, detail: {
          order: order(r, id),
          request: { type: 'refund_only', amountFen: int(r, 100, 50_000), reason: 'item not as described', requestedAt: createdAt },
          buyerStatement: 'The shoes fell apart after one day.', merchantStatement: 'The shoes were worn for a week.',
          chat: [{ at: createdAt, from: 'buyer', text: 'I want a refund.' }],
        },
      };
    case 'merchant_complaint':
      return {
        ...base, kind, detail: {
          complaintType: 'arbitrary_fine', statement: 'We were fined ¥300 for damage the buyer caused after delivery.',
          contested: { action: 'fine', amountFen: 30_000, relatedCaseId: null, actedAt: createdAt - 86_400_000 },
          order: null,
        },
      };
    case 'appeal':
      return {
        ...base, kind, detail: {
          appellant: { type: 'merchant', id: base.merchant.id, name: base.merchant.name },
          statement: 'We broke no rule and received no prior notice.',
          contested: {
            caseId: `C${String(n + 1).padStart(8, '0')}`, decisionId: randomUUIDFrom(r), decidedBy: { id: 'S-mod-1', name: 'Moderator One' },
            decidedAt: createdAt - 86_400_000, outcome: { type: 'suspend_store', days: 7 }, ruleRef: 'VIO-FA-2.1',
          },
        },
      };
  }
}

/** A uuid v4 drawn from the PRNG, so fixtures stay deterministic. */
function randomUUIDFrom(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(r() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** What the platform ingests: a case without the fields the service owns. */
export function makeCaseInput(n: number, opts: CaseOptions = {}, seed = 1): CaseInput {
  const { version: _v, lastDecision: _d, ...input } = makeCase(n, opts, seed);
  return input as CaseInput;
}

export const newId = (): string => randomUUID();
