/**
 * A dev-only, in-memory console for working on the UI without a core (`vite dev`, then open
 * `/?mock&as=arbiter`). Never part of a production build: main.tsx imports it only under
 * `import.meta.env.DEV`. Small (a few thousand cases per kind) and deterministic.
 */
import type { Case, CaseKind, DecisionSummary, Role } from '../../shared/domain';
import { CASE_KINDS, PRODUCT_CATEGORIES, REGIONS, SEVERITIES, canDecide, readableKinds } from '../../shared/domain';
import type { CaseRow, Conflict, LocalDecision, QueueFilter, SyncStatus } from '../../shared/api';
import type { Transport } from '../src/api/transport';

const PER_KIND = 3000;
const NOW = Date.now();
const STAFF: Record<Exclude<Role, 'platform'>, { id: string; name: string }> = {
  moderator: { id: 'mod-zhangwei', name: '张伟' }, arbiter: { id: 'arb-wangfang', name: '王芳' }, supervisor: { id: 'sup-chenjing', name: '陈静' },
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const sha = (n: number) => n.toString(16).padStart(64, '0');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const MERCHANTS = ['潮牌服饰旗舰店', '山东鲜果直供', '户外钓具专营', '数码优选', '美妆小铺', '母婴之家', '绿植花园'];
const TITLES: Record<CaseKind, string[]> = {
  violation: ['直播间宣称"三天美白"', '评论返现诱导好评', '自行组装盲盒', '假冒品牌运动鞋', '价格先涨后降'],
  refund_dispute: ['买家称鞋子开胶要求退款', '鱼竿断裂退货纠纷', '生鲜坏果仅退款', '过敏包退申请', '退货重量不符'],
  merchant_complaint: ['买家穿过后退款，商家损失', '被罚 300 元但商品为买家损坏', '无通知被处罚', '保证金被扣留'],
  appeal: ['申诉：虚假宣传罚款过重', '申诉：断播处罚', '申诉：暂停店铺 7 天'],
};

function baseRow(kind: CaseKind, i: number): CaseRow {
  const r = rng(i * 31 + CASE_KINDS.indexOf(kind) * 7919);
  const created = NOW - Math.floor(r() * 5 * 86400_000);
  const m = Math.floor(r() * MERCHANTS.length);
  return {
    id: `${kind.slice(0, 3).toUpperCase()}-${100000 + i}`, kind, status: r() < 0.85 ? 'open' : r() < 0.5 ? 'awaiting_approval' : 'decided',
    priority: 1 + Math.floor(r() * 5), createdAt: created, updatedAt: created + 3600_000, slaDueAt: created + Math.floor((6 + r() * 90) * 3600_000),
    category: pick(r, PRODUCT_CATEGORIES), region: pick(r, REGIONS), amountFen: Math.floor(r() * 200_000) + 990, merchantId: `M-${1000 + m}`,
    merchantName: MERCHANTS[m] as string, title: pick(r, TITLES[kind]), severity: kind === 'violation' ? pick(r, SEVERITIES) : null,
    leaseHolder: r() < 0.08 ? '李娜' : null, leaseExpiresAt: null, pending: false, inConflict: false,
  };
}

function svg(label: string, hue: number): string {
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="hsl(${hue},45%,78%)"/><circle cx="230" cy="80" r="40" fill="hsl(${hue},50%,60%)"/><text x="20" y="210" font-size="26" font-family="sans-serif" fill="#233">${label}</text></svg>`;
  return btoa(unescape(encodeURIComponent(body)));
}

function fullCase(row: CaseRow): Case {
  const common = {
    id: row.id, version: 1, status: row.status, priority: row.priority, createdAt: row.createdAt, updatedAt: row.updatedAt, slaDueAt: row.slaDueAt,
    category: row.category, region: row.region, title: row.title, amountFen: row.amountFen,
    merchant: { id: row.merchantId, name: row.merchantName, region: row.region, depositFen: 200_000, openedAt: NOW - 400 * 86400_000, priorViolations: 2 },
    buyer: { id: 'B-88231', nickname: '小王爱购物', phoneMasked: '138****1234', priorDisputes: 3, flaggedMalicious: false },
    evidence: [
      { sha256: sha(1), mediaType: 'image/png' as const, party: 'buyer' as const, caption: '开胶处照片', bytes: 1200 },
      { sha256: sha(2), mediaType: 'image/png' as const, party: 'buyer' as const, caption: '鞋底磨损', bytes: 1200 },
      { sha256: sha(3), mediaType: 'image/png' as const, party: 'merchant' as const, caption: '退回商品照片', bytes: 1200 },
      { sha256: sha(4), mediaType: 'video/mp4' as const, party: 'merchant' as const, caption: '开箱视频', bytes: 900_000 },
    ],
    history: [
      { at: row.createdAt, actor: '买家', event: '发起售后', detail: '申请仅退款' },
      { at: row.createdAt + 3600_000, actor: '商家', event: '拒绝申请', detail: '商品已穿着' },
      { at: row.createdAt + 7200_000, actor: '平台', event: '平台介入', detail: '' },
    ],
    lastDecision: null,
  };
  const order = {
    id: 'O-2025-0001', productTitle: '男士运动鞋 42 码', category: row.category, amountPaidFen: 29_900, paidAt: row.createdAt - 10 * 86400_000,
    deliveredAt: row.createdAt - 7 * 86400_000, signedAt: row.createdAt - 7 * 86400_000 + 3600_000,
    guarantees: ['seven_day_no_reason', 'shipping_insurance', 'express_refund'] as ('seven_day_no_reason' | 'shipping_insurance' | 'express_refund')[],
    logistics: [{ at: row.createdAt - 9 * 86400_000, event: '已揽收 广州' }, { at: row.createdAt - 7 * 86400_000, event: '已签收' }], returnWeightGrams: 820,
  };
  switch (row.kind) {
    case 'violation':
      return { ...common, kind: 'violation', buyer: null, detail: {
        subject: { type: 'live_room', id: 'LR-5521', title: '美白精华直播间' }, violationCategory: 'false_advertising', severity: row.severity ?? 'general', source: 'automated',
        modelScore: 0.93, creator: { id: 'C-77', name: '美妆小甜', followers: 1_250_000 }, harm: false, claim: '主播称"用三天就能美白两个色号"，无检测报告。' } };
    case 'refund_dispute':
      return { ...common, kind: 'refund_dispute', detail: {
        order, request: { type: 'refund_only', amountFen: 29_900, reason: '鞋子开胶', requestedAt: row.createdAt }, buyerStatement: '穿了一天就开胶了，要求全额退款。',
        merchantStatement: '退回的鞋子明显穿了多日，鞋底磨损严重，不同意全额退款。', chat: [
          { at: row.createdAt + 60_000, from: 'buyer', text: '鞋子开胶了' }, { at: row.createdAt + 120_000, from: 'merchant', text: '请提供照片' },
        ] } };
    case 'merchant_complaint':
      return { ...common, kind: 'merchant_complaint', detail: {
        complaintType: 'arbitrary_fine', statement: '商品是买家签收后损坏的，平台却罚我 300 元。', order,
        contested: { action: '罚款 ¥300', amountFen: 30_000, relatedCaseId: 'VIO-100001', actedAt: row.createdAt - 86400_000 } } };
    case 'appeal':
      return { ...common, kind: 'appeal', detail: {
        appellant: { type: 'merchant', id: row.merchantId, name: row.merchantName }, statement: '罚款金额过重，已整改。',
        contested: { caseId: 'VIO-100002', decisionId: uuid(99), decidedBy: { id: 'mod-lina', name: '李娜' }, decidedAt: row.createdAt - 86400_000,
          outcome: { type: 'fine', amountFen: 50_000 }, ruleRef: 'VIO-FA-2.1' } } };
  }
}

export function createMockTransport(roleParam: string | null): Transport {
  const role: Exclude<Role, 'platform'> = roleParam === 'arbiter' || roleParam === 'supervisor' ? roleParam : 'moderator';
  const me = { ...STAFF[role], role };
  const rows = new Map<CaseKind, CaseRow[]>(CASE_KINDS.map((k) => [k, Array.from({ length: PER_KIND }, (_, i) => baseRow(k, i))]));
  const leases = new Map<string, number>();
  const mine = new Map<string, LocalDecision>();
  const prefs = new Map<string, unknown>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let mutation = 0;
  const emit = (e: string, p: unknown) => listeners.get(e)?.forEach((cb) => cb(p));
  const row = (id: string) => [...rows.values()].flat().find((r) => r.id === id);
  const theirs: DecisionSummary = {
    decisionId: uuid(7), caseId: 'REF-100003', decidedBy: { id: 'arb-liuyang', name: '刘洋' }, decidedAt: NOW - 20 * 60_000,
    body: { kind: 'refund_dispute', outcome: { type: 'full_refund' } }, ruleRef: 'REF-QD-1.2', reason: '买家提供了开胶照片，符合质量问题退款。',
  };
  const conflicts: Conflict[] = [{
    decisionId: uuid(8), caseId: 'REF-100003', kind: 'refund_dispute', caseTitle: '买家称鞋子开胶要求退款', status: 'conflict', reason: 'already_decided', message: '',
    mine: { decisionId: uuid(8), mutationId: 1, caseId: 'REF-100003', body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 15_000 } },
      ruleRef: 'REF-QD-1.3', reason: '鞋子有穿着痕迹，部分退款。', decidedAt: NOW - 15 * 60_000, state: 'conflict' },
    theirs, refusals: [], receivedAt: NOW - 5 * 60_000,
  }, {
    decisionId: uuid(9), caseId: 'VIO-100004', kind: 'violation', caseTitle: '评论返现诱导好评', status: 'rejected', reason: 'invalid', message: 'VIO-II-1: a fine of ¥20,000.00 is above the inducement interaction maximum of ¥10,000.00',
    mine: { decisionId: uuid(9), mutationId: 2, caseId: 'VIO-100004', body: { kind: 'violation', outcome: { type: 'fine', amountFen: 2_000_000 } },
      ruleRef: 'VIO-II-1.1', reason: '多次诱导好评。', decidedAt: NOW - 50 * 60_000, state: 'rejected' },
    theirs: null, receivedAt: NOW - 40 * 60_000,
    refusals: [{ code: 'fine_above_maximum', params: { ruleRef: 'VIO-II-1', amountFen: 2_000_000, maxFen: 1_000_000, category: 'inducement_interaction' },
      message: 'VIO-II-1: a fine of ¥20,000.00 is above the inducement interaction maximum of ¥10,000.00' }],
  }];
  const status = (): SyncStatus => ({
    online: true, serverUrl: 'http://127.0.0.1:4100', lastPullAt: NOW - 90_000, lastPushAt: NOW - 60_000,
    pending: [...mine.values()].filter((d) => d.state === 'pending').length, conflicts: conflicts.length,
    partitions: CASE_KINDS.map((k) => ({ kind: k, bootstrapped: true, rows: PER_KIND, lastPullAt: NOW - 90_000 })),
    progress: { phase: 'bootstrap', kind: 'violation', received: 412_300, ratePerSec: 86_512 }, lastError: null,
  });
  const cacheStatus = { limitBytes: 4 * 1024 ** 3, usedBytes: 310 * 1024 ** 2, pinnedBytes: 120 * 1024 ** 2, blobs: 412, prefetch: { wanted: 40, fetched: 31, failed: 0, running: true, lastError: null } };
  const matches = (r: CaseRow, f: QueueFilter) =>
    (!f.status || f.status.includes(r.status)) && (!f.category || f.category.includes(r.category)) && (!f.region || f.region.includes(r.region)) &&
    (!f.severity || (r.severity !== null && f.severity.includes(r.severity))) && (!f.merchantId || r.merchantId === f.merchantId) &&
    (!f.slaBreached || r.slaDueAt < Date.now()) && (!f.mine || leases.has(r.id));
  const overlay = (r: CaseRow): CaseRow => ({
    ...r, leaseHolder: leases.has(r.id) ? me.name : r.leaseHolder, pending: mine.get(r.id)?.state === 'pending', inConflict: conflicts.some((c) => c.caseId === r.id),
  });

  const handlers: Record<string, (input: never) => unknown> = {
    'session.get': () => ({ staff: me, clientId: uuid(1), serverUrl: 'http://127.0.0.1:4100' }),
    'queues.list': () => readableKinds(role).map((k) => {
      const list = rows.get(k) ?? [];
      return { kind: k, total: list.length, open: list.filter((r) => r.status === 'open').length, awaitingApproval: 3, breached: list.filter((r) => r.slaDueAt < Date.now()).length, mine: 0 };
    }),
    'queue.count': (i: { kind: CaseKind; filter?: QueueFilter }) => ({ count: (rows.get(i.kind) ?? []).filter((r) => matches(r, i.filter ?? {})).length }),
    'queue.page': (i: { kind: CaseKind; filter?: QueueFilter; sort?: { column: keyof CaseRow; direction: string }; offset: number; limit: number }) => {
      const col = i.sort?.column ?? 'slaDueAt';
      const dir = i.sort?.direction === 'desc' ? -1 : 1;
      const list = (rows.get(i.kind) ?? []).filter((r) => matches(r, i.filter ?? {})).sort((a, b) => ((a[col] as number) - (b[col] as number)) * dir || a.id.localeCompare(b.id));
      // Pages by offset only: no anchor, so the grid never sends one here.
      return { rows: list.slice(i.offset, i.offset + i.limit).map(overlay), anchor: null };
    },
    'case.get': (i: { caseId: string }) => {
      const r = row(i.caseId);
      if (!r) throw Object.assign(new Error(`no case ${i.caseId}`), { code: 'not_found' });
      const c = fullCase(r);
      return {
        case: c, lease: leases.has(r.id) ? { holder: me, epoch: 1, expiresAt: leases.get(r.id), mode: 'online' } : null,
        myLease: leases.has(r.id) ? { epoch: 1, expiresAt: leases.get(r.id), mode: 'online' } : null, myDecision: mine.get(r.id) ?? null,
        priorDecisions: [{ ...theirs, caseTitle: '另一起开胶纠纷' }],
      };
    },
    'case.claim': (i: { caseIds: string[] }) => i.caseIds.map((id) => {
      if (!canDecide(role, row(id)?.kind ?? 'violation')) return { caseId: id, granted: false, reason: 'not_found', lease: null };
      leases.set(id, Date.now() + 600_000);
      return { caseId: id, granted: true, lease: { holder: me, epoch: 1, expiresAt: Date.now() + 600_000, mode: 'online' } };
    }),
    'case.release': (i: { caseIds: string[] }) => i.caseIds.map((id) => (leases.delete(id), { caseId: id, granted: false, reason: 'not_holder', lease: null })),
    'case.decide': (i: { caseId: string; body: LocalDecision['body']; ruleRef: string; reason: string }) => {
      mutation++;
      mine.set(i.caseId, { decisionId: uuid(1000 + mutation), mutationId: mutation, caseId: i.caseId, body: i.body, ruleRef: i.ruleRef, reason: i.reason, decidedAt: Date.now(), state: 'pending' });
      setTimeout(() => {
        emit('data.changed', { kinds: [row(i.caseId)?.kind ?? 'violation'] });
        emit('sync.status', status());
      }, 10);
      return { decisionId: uuid(1000 + mutation), mutationId: mutation };
    },
    'sync.status': status,
    'sync.now': status,
    'conflicts.list': () => conflicts,
    'conflicts.withdraw': (i: { decisionId: string }) => {
      const idx = conflicts.findIndex((c) => c.decisionId === i.decisionId);
      if (idx >= 0) conflicts.splice(idx, 1);
      setTimeout(() => emit('conflicts.changed', { count: conflicts.length }), 10);
      return { withdrawn: idx >= 0 };
    },
    'evidence.get': () => ({ mediaType: 'image/svg+xml', bytes: 1000 }),
    'evidence.facts': () => ({ width: 1200, height: 900, captured: { local: '2026-11-20T10:05:00', offset: '+08:00' }, software: null }),
    'evidence.cache': () => cacheStatus,
    'evidence.setLimit': (i: { limitBytes: number }) => ({ ...cacheStatus, limitBytes: i.limitBytes }),
    'prefs.get': (i: { key: string }) => ({ value: prefs.get(i.key) ?? null }),
    'prefs.set': (i: { key: string; value: unknown }) => (prefs.set(i.key, i.value), {}),
  };

  return {
    mode: 'web',
    async invoke(channel, input) {
      await new Promise((r) => setTimeout(r, 15));
      const h = handlers[channel];
      if (!h) return { ok: false, error: { code: 'unknown_channel', message: channel } };
      try {
        return { ok: true, value: h(input as never) };
      } catch (e) {
        return { ok: false, error: { code: (e as { code?: string }).code ?? 'internal', message: e instanceof Error ? e.message : String(e) } };
      }
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
    onReconnect: () => () => undefined,
    evidenceUrl(sha256) {
      const n = parseInt(sha256.slice(-2), 16);
      return `data:image/svg+xml;base64,${svg(['', '开胶处', '鞋底磨损', '退回商品'][n] ?? 'evidence', n * 70)}`;
    },
  };
}
