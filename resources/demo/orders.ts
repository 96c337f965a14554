/** Orders behind refund disputes and complaints: product, amounts, the parcel's journey, returns. */
import { REGIONS } from '../../shared/domain';
import type { LogisticsEvent, Order, ProductCategory, Region } from '../../shared/domain';
import { PRODUCTS, drawGuarantees, pricedFen } from './catalog';
import type { Product } from './catalog';
import { DAY_MS, HOUR_MS, MINUTE_MS, between } from './case-common';
import { REGION_PLACES } from './names';
import type { Prng } from './prng';

const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', '极兔速递', '邮政EMS'];

export interface DrawnOrder {
  order: Order;
  product: Product;
  /** Time the parcel reached the buyer (sign-off), or payment time for virtual goods. */
  receivedAt: number;
}

export interface OrderOptions {
  category: ProductCategory;
  merchantRegion: Region;
  /** The order must be complete (signed) before this time. */
  before: number;
  product?: Product;
  /** Drawn beforehand when the case's priority depends on it. */
  amountPaidFen?: number;
  soldLive?: boolean;
  /** How long the buyer had the goods before `before`: [min, max] ms. */
  heldMs?: readonly [number, number];
  /** Delivered but never signed: a parcel the buyer says they did not receive. */
  unsigned?: boolean;
}

/** What the buyer paid: cheap goods are often bought two or three at a time. */
export function drawPaidFen(product: Product, rng: Prng): number {
  const quantity = product.maxFen <= 10_000 && rng.chance(0.3) ? rng.int(2, 3) : 1;
  return pricedFen(product, rng) * quantity;
}

function orderId(rng: Prng): string {
  return `${rng.int(4, 6)}${rng.digits(18)}`;
}

export function drawOrder(rng: Prng, opts: OrderOptions): DrawnOrder {
  const product = opts.product ?? rng.pick(PRODUCTS[opts.category]);
  const amountPaidFen = opts.amountPaidFen ?? drawPaidFen(product, rng);
  const soldLive = opts.soldLive ?? rng.chance(0.55);
  const guarantees = drawGuarantees(opts.category, product, soldLive, rng);

  if (opts.category === 'virtual') {
    const at = opts.before - rng.int(10, 3 * 24 * 60) * MINUTE_MS;
    const paidAt = at - rng.int(1, 10) * MINUTE_MS;
    return {
      order: { id: orderId(rng), productTitle: product.title, category: opts.category, amountPaidFen, paidAt, deliveredAt: at, signedAt: at, guarantees, logistics: [], returnWeightGrams: null },
      product,
      receivedAt: at,
    };
  }

  // Durations first, then placed so that the parcel arrived `heldMs` before `before`.
  const shipDelay = rng.int(4, 46) * HOUR_MS;
  const transit = rng.int(1, 4) * DAY_MS + rng.int(0, 10) * HOUR_MS;
  const signDelay = rng.int(5, 300) * MINUTE_MS;
  const [minHeld, maxHeld] = opts.heldMs ?? [2 * HOUR_MS, 6 * DAY_MS];
  const held = minHeld + Math.floor(rng.next() * (maxHeld - minHeld));
  const paidAt = Math.floor((opts.before - held - signDelay - transit - shipDelay) / 1000) * 1000;
  const shippedAt = paidAt + shipDelay;
  const deliveredAt = shippedAt + transit;
  const signedAt = opts.unsigned ? null : deliveredAt + signDelay;
  const carrier = rng.pick(CARRIERS);
  const from = rng.pick(REGION_PLACES[opts.merchantRegion]);
  const to = rng.pick(REGION_PLACES[rng.pick(REGIONS)]);
  const logistics: LogisticsEvent[] = [
    // The carrier weighs the parcel at pickup: the item and its packaging.
    { at: shippedAt, event: `【${from}】${carrier} 已揽收`, stage: 'shipped', weightGrams: Math.round(product.weightGrams * 1.05) + 120 },
    { at: between(rng, shippedAt + 3 * HOUR_MS, deliveredAt - 6 * HOUR_MS), event: `快件已到达【${to}转运中心】`, stage: 'in_transit' },
    { at: deliveredAt, event: `【${to}】快递员正在派件（电话已隐藏）`, stage: 'out_for_delivery' },
  ];
  if (signedAt !== null) logistics.push({ at: signedAt, event: rng.chance(0.6) ? '已签收，签收人：本人' : '已签收，快递驿站代收', stage: 'signed' });
  else logistics.push({ at: deliveredAt + 2 * HOUR_MS, event: '快件已放至驿站，请凭取件码取件', stage: 'awaiting_pickup' });
  return {
    order: { id: orderId(rng), productTitle: product.title, category: opts.category, amountPaidFen, paidAt, deliveredAt, signedAt, guarantees, logistics, returnWeightGrams: null },
    product,
    receivedAt: signedAt ?? deliveredAt,
  };
}

/** The buyer sends the item back: tracking events and the weight the merchant's warehouse recorded. */
export function addReturn(rng: Prng, drawn: DrawnOrder, shippedAt: number, receivedAt: number, weightGrams: number): void {
  const carrier = rng.pick(CARRIERS);
  drawn.order.logistics.push(
    { at: shippedAt, event: `买家已寄回，${carrier} 退货单号 ${rng.pick(['SF', 'YT', 'ZT', 'JT'])}${rng.digits(12)}`, stage: 'return_shipped' },
    { at: receivedAt, event: '退货已签收，签收人：商家仓库', stage: 'return_received', weightGrams },
  );
  drawn.order.returnWeightGrams = weightGrams;
}

/** What an honest return weighs: the item and some packaging. */
export function honestReturnWeight(rng: Prng, product: Product): number {
  return Math.round(product.weightGrams * (0.92 + rng.next() * 0.16)) + rng.int(40, 220);
}
