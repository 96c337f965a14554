/**
 * The people and stores cases are about. Each is derived from (seed, index) alone, so the
 * same merchant reappears identical in every case that draws it and nothing has to be
 * kept in memory for a million-case stream.
 *
 * Merchants live in cells of (region, category): a case draws its region and category
 * from the published shares and then a merchant of that cell, skewed so that a few risky
 * stores collect many cases (and carry the most prior violations).
 */
import { PRODUCT_CATEGORIES, REGIONS } from '../../shared/domain';
import type { Buyer, Merchant, ProductCategory, Region } from '../../shared/domain';
import { depositFen } from './catalog';
import { buyerNickname, creatorName, maskedPhone, storeName } from './names';
import { deliveryAddress } from './personal-data-corpus';
import { Prng } from './prng';

const DAY_MS = 86_400_000;
export const MERCHANTS_PER_CELL = 24;
export const BUYER_POOL = 200_000;
/** Buyers who open disputes again and again; some are flagged malicious. */
export const FREQUENT_BUYERS = 400;
export const CREATOR_POOL = 3_000;

const SALT = { merchant: 1, buyer: 2, creator: 3, buyerContact: 4 } as const;

export function merchantAt(seed: number, now: number, region: Region, category: ProductCategory, k: number): Merchant {
  const cell = REGIONS.indexOf(region) * PRODUCT_CATEGORIES.length + PRODUCT_CATEGORIES.indexOf(category);
  const index = cell * MERCHANTS_PER_CELL + k;
  const rng = Prng.of(seed, SALT.merchant, index);
  const { name, individual } = storeName(region, category, rng);
  // The stores drawn most often (low k) are the risky ones with a record.
  const risky = k < 3;
  const priorViolations = risky ? rng.int(2, 8) : rng.chance(0.7) ? 0 : rng.int(1, 2);
  const ageDays = rng.int(40, 2_400);
  return {
    id: `shop-${seed}-${index}`,
    name,
    region,
    depositFen: depositFen(category, individual),
    openedAt: Math.floor((now - ageDays * DAY_MS) / 60_000) * 60_000,
    priorViolations,
  };
}

export function drawMerchant(seed: number, now: number, region: Region, category: ProductCategory, rng: Prng): Merchant {
  return merchantAt(seed, now, region, category, rng.skewed(MERCHANTS_PER_CELL, 1.8));
}

export function buyerAt(seed: number, index: number): Buyer {
  const rng = Prng.of(seed, SALT.buyer, index);
  const frequent = index < FREQUENT_BUYERS;
  const nickname = buyerNickname(rng);
  const phoneMasked = maskedPhone(rng);
  // From their own stream, so the buyer's other fields stay what they were before contacts existed.
  const contact = Prng.of(seed, SALT.buyerContact, index);
  return {
    id: `u-${seed}-${index}`,
    nickname,
    phoneMasked,
    priorDisputes: frequent ? rng.int(6, 80) : rng.chance(0.75) ? 0 : rng.int(1, 4),
    flaggedMalicious: frequent ? rng.chance(0.45) : rng.chance(0.002),
    // Sent whole, as the platform would: the case service masks them at ingest and keeps the originals for the audited reveal.
    phone: `${phoneMasked.slice(0, 3)}${contact.digits(4)}${phoneMasked.slice(-4)}`,
    address: deliveryAddress(contact),
  };
}

/** `suspicious` raises the odds of drawing a repeat disputer (abuse patterns). */
export function drawBuyer(seed: number, rng: Prng, suspicious = false): Buyer {
  const frequent = rng.chance(suspicious ? 0.6 : 0.05);
  return buyerAt(seed, frequent ? rng.int(0, FREQUENT_BUYERS - 1) : rng.int(FREQUENT_BUYERS, BUYER_POOL - 1));
}

export interface Creator { id: string; name: string; followers: number }

export function creatorAt(seed: number, index: number): Creator {
  const rng = Prng.of(seed, SALT.creator, index);
  // Most creators are small; a few have millions of followers (2 223 of 78 176 fined had over a million).
  const followers = Math.round(rng.chance(0.03) ? rng.logUniform(1_000_000, 40_000_000) : rng.logUniform(300, 1_000_000));
  return { id: `kol-${seed}-${index}`, name: creatorName(rng), followers };
}

export function drawCreator(seed: number, rng: Prng): Creator {
  return creatorAt(seed, rng.skewed(CREATOR_POOL, 1.5));
}
