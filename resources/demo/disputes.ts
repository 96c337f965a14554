/** Refund disputes (售后纠纷) escalated to the platform: an order, a request, both sides, evidence. */
import type { AfterSaleType, CaseInput, ChatMessage, EvidenceRef } from '../../shared/domain';
import type { z } from 'zod';
import { DAY_MS, HOUR_MS, between, caseId, caseTimes, event, priorityOf, wholeYuan, yuan } from './case-common';
import type { CaseContext } from './case-common';
import { PRODUCTS, drawGuarantees } from './catalog';
import { DISPUTE_SCENARIOS, defectOf } from './dispute-scenarios';
import type { DisputeScenario } from './dispute-scenarios';
import { addReturn, drawOrder, drawPaidFen, honestReturnWeight } from './orders';
import { drawBuyer } from './parties';
import { Prng, weightedTable } from './prng';
import { slaFor } from './rules';

export const AFTER_SALE_ZH: Readonly<Record<AfterSaleType, string>> = { refund_only: '仅退款', return_refund: '退货退款', exchange: '换货' };

type ChatLine = z.infer<typeof ChatMessage>;

function pickScenario(rng: Prng, ...args: Parameters<DisputeScenario['applies']>): DisputeScenario {
  const fitting = DISPUTE_SCENARIOS.filter((s) => s.applies(...args));
  return fitting[rng.weighted(weightedTable(fitting.map((s, i) => [i, s.weight] as const)))] as DisputeScenario;
}

export function buildRefundDispute(ctx: CaseContext): CaseInput {
  const { rng, now, category, merchant, seed } = ctx;
  const product = rng.pick(PRODUCTS[category]);
  const soldLive = rng.chance(0.55);
  // The scenario depends on the guarantees the order carries, so draw those first.
  const guarantees = drawGuarantees(category, product, soldLive, rng);
  const scenario = pickScenario(rng, category, product, guarantees);
  const type = rng.weighted(weightedTable(scenario.types));
  const paid = drawPaidFen(product, rng);
  const buyer = drawBuyer(seed, rng, scenario.suspicious);

  let amountFen = paid;
  if (type === 'exchange') amountFen = 0;
  else if (type === 'refund_only' && scenario.partialShare && rng.chance(0.5)) {
    const [lo, hi] = scenario.partialShare;
    amountFen = Math.max(100, Math.min(paid, wholeYuan(Math.round(paid * (lo + rng.next() * (hi - lo))))));
  }
  // A buyer flagged as malicious makes a dispute more urgent to settle.
  const priority = priorityOf(buyer.flaggedMalicious ? 2 : 1, { amountFen: paid }, rng);
  const times = caseTimes(rng, now, slaFor('refund_dispute', priority));

  // Request → (buyer ships the return → merchant receives it) → escalation to the platform.
  const returns = scenario.returned !== 'no' && type !== 'refund_only';
  const toShip = returns ? rng.int(2, 30) * HOUR_MS : 0;
  const returnLeg = returns ? rng.int(1, 3) * DAY_MS + rng.int(2, 20) * HOUR_MS : 0;
  const requestedAt = times.createdAt - toShip - returnLeg - rng.int(2, 40) * HOUR_MS;
  const drawn = drawOrder(rng, { category, merchantRegion: merchant.region, before: requestedAt, product, amountPaidFen: paid, soldLive, heldMs: scenario.heldMs, unsigned: scenario.unsigned });
  drawn.order.guarantees = guarantees;

  let weight = 0;
  if (returns) {
    weight = scenario.returned === 'empty' ? rng.int(60, 180) : honestReturnWeight(rng, drawn.product);
    addReturn(rng, drawn, requestedAt + toShip, requestedAt + toShip + returnLeg, weight);
  }

  const story = { title: product.title, paid: yuan(paid), asked: `${AFTER_SALE_ZH[type]}${amountFen > 0 ? yuan(amountFen) : ''}`, weight, defect: defectOf(category) };
  // The lines of a story come in its order, spread between receipt and escalation.
  const span = times.createdAt - drawn.receivedAt;
  const step = span / (scenario.chat.length + 1);
  const chat: ChatLine[] = scenario.chat.map(([from, text], i) => ({
    at: between(rng, drawn.receivedAt + (i + 0.5) * step, drawn.receivedAt + (i + 1) * step),
    from,
    text,
  }));

  // Clips come from a stream of their own, so the rest of a seed's demo stays as it was without them.
  const clipRng = Prng.of(seed, 0xc11b, ctx.index);
  const buyerClip = clipRng.chance(0.25) ? ctx.evidence.clip(clipRng.chance(0.7) ? 'unboxing-cracked' : 'item-turned') : null;
  const merchantClip = returns && clipRng.chance(0.3) ? ctx.evidence.clip('return-weighing') : null;
  const evidence: EvidenceRef[] = [
    ...scenario.buyerEvidence(category, product).map((t) => ctx.evidence.ref(t, rng)),
    ...(buyerClip ? [buyerClip] : []),
    ...scenario.merchantEvidence(product).map((t) => ctx.evidence.ref(t, rng)),
    ...(merchantClip ? [merchantClip] : []),
    ...(scenario.platformEvidence ?? []).map((t) => ctx.evidence.ref(t, rng)),
  ];

  const withdrawn = rng.chance(0.03);
  const history = [
    event(requestedAt, buyer.nickname, 'after_sale_requested', `买家申请${story.asked}，原因：${scenario.reason}`),
    event(between(rng, requestedAt, times.createdAt), merchant.name, 'merchant_rejected', `商家拒绝：${scenario.merchant(story).slice(0, 60)}`),
    event(times.createdAt, buyer.nickname, 'platform_intervention_requested', '买家申请平台介入'),
  ];
  if (withdrawn) history.push(event(times.updatedAt, buyer.nickname, 'withdrawn', '买家已撤销售后申请'));

  return {
    kind: 'refund_dispute',
    id: caseId('RFD', seed, ctx.index),
    status: withdrawn ? 'withdrawn' : 'open',
    priority,
    ...times,
    category,
    region: merchant.region,
    title: `${AFTER_SALE_ZH[type]}｜${scenario.reason}｜${product.title}`,
    amountFen,
    merchant,
    buyer,
    evidence,
    history,
    detail: {
      order: drawn.order,
      request: { type, amountFen, reason: scenario.reason, requestedAt },
      buyerStatement: scenario.buyer(story),
      merchantStatement: scenario.merchant(story),
      chat,
    },
  };
}
